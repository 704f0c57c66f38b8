// A chain of `depth` ordinary frames whose innermost frame makes one call that waits on a promise.
// Green: sync-style functions and a hidden call. Baseline: the same functions written with async/await,
// awaiting the very same implementation. `wait` is passed in, so one chain serves every wait kind.
type Wait = (x: number) => number;
type AsyncWait = (x: number) => Promise<number>;

/** Settled: the implementation returns an already-resolved promise. */
export function settledImpl(x: number): Promise<number> {
  return Promise.resolve(x);
}

/** Near-settled: the implementation resolves on the next turn of the event loop (setImmediate). */
export function immediateImpl(x: number): Promise<number> {
  return new Promise((resolve) => setImmediate(resolve, x));
}

export function chain(wait: Wait, depth: number, x: number): number {
  return depth <= 1 ? wait(x) + 1 : chain(wait, depth - 1, x) + 1;
}

/** `n` top-level calls in sequence, each suspending once at the bottom of a fresh chain. */
export function loop(wait: Wait, n: number, depth: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += chain(wait, depth, i);
  return sum;
}

export async function achain(wait: AsyncWait, depth: number, x: number): Promise<number> {
  return depth <= 1 ? (await wait(x)) + 1 : (await achain(wait, depth - 1, x)) + 1;
}

export async function aloop(wait: AsyncWait, n: number, depth: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += await achain(wait, depth, i);
  return sum;
}
