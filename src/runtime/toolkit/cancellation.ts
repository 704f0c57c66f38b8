/**
 * How a hidden implementation learns that its task was cancelled or timed out: `currentSignal()`, called
 * synchronously at the start of the implementation (before its first `await`, while the task that made
 * the call is current), returns an `AbortSignal` for that call. The driver aborts it, with the `Cancelled`
 * or `Timeout` error as its reason, when it unwinds the task from that call.
 *
 *   const fetchText = hidden(async (url: string) => {
 *     const response = await fetch(url, { signal: currentSignal() })
 *     return response.text()
 *   })
 */
import { currentTask } from '../task-context.ts';

/**
 * The `AbortSignal` of the hidden call being made by the current green task, or `undefined` outside green
 * tasks (a `.async()` call from async code, or after the implementation's first `await`).
 */
export function currentSignal(): AbortSignal | undefined {
  const task = currentTask();
  if (task === undefined) return undefined;
  const hook = task.extra?.abortHook;
  if (hook instanceof AbortController) return hook.signal;
  const controller = new AbortController();
  // Kept with the toolkit state: most waits cannot be ended early and carry none.
  task.extras().abortHook = controller;
  return controller.signal;
}
