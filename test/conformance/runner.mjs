/**
 * Runs a list of test262 tests in a pool of child processes (child.mjs), one test at a time per child.
 * A test that takes longer than `timeoutMs`, or a child that dies, fails the run that was in flight with
 * the reason; the child is replaced and the pool goes on. Children are also replaced once their heap
 * passes `recycleHeapBytes` (Node never frees vm modules, and each transformed run loads the runtime as
 * modules) or after `recycleAfter` tests.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { groupOf } from './test262.mjs';

const childPath = fileURLToPath(new URL('./child.mjs', import.meta.url));

/**
 * Resolves `{ results, lacking, node }`: `results[i]` is `{ path, group, skipped?, error?, runs }` for
 * `paths[i]`, each run `{ variant, native: { pass, detail }, green?: { pass, detail } }`.
 */
export function runTests(paths, options = {}) {
  const {
    node = process.execPath,
    jobs = Math.max(1, Math.min(availableParallelism(), paths.length)),
    green = true,
    timeoutMs = 30_000,
    recycleAfter = 2000,
    recycleHeapBytes = 300e6,
    onResult = () => {},
  } = options;
  const results = new Array(paths.length);
  let next = 0;
  let finished = 0;
  let lacking = [];
  let version = '';

  return new Promise((resolveAll, rejectAll) => {
    if (paths.length === 0) return resolveAll({ results, lacking, node: version });

    function finish(index, result) {
      results[index] = { path: paths[index], group: groupOf(paths[index]), runs: [], ...result };
      onResult(results[index], ++finished, paths.length);
      if (finished === paths.length) resolveAll({ results, lacking, node: version });
    }

    function startChild() {
      const child = fork(childPath, [], {
        execPath: node,
        execArgv: ['--experimental-vm-modules', '--expose-gc', '--no-warnings'],
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      const state = { child, index: -1, runs: [], current: undefined, timer: undefined, served: 0, heap: 0, stderr: '' };
      child.stderr.on('data', (chunk) => (state.stderr = (state.stderr + chunk).slice(-2000)));

      const assign = () => {
        if (next >= paths.length || state.served >= recycleAfter || state.heap > recycleHeapBytes) {
          state.index = -1;
          // Realms may leave timers behind, so the child would not exit by itself.
          child.kill('SIGKILL');
          if (next < paths.length) startChild();
          return;
        }
        state.index = next++;
        state.served++;
        state.runs = [];
        state.current = undefined;
        state.timer = setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
        child.send({ id: state.index, path: paths[state.index], green });
      };

      // The run in flight fails with `reason`; the child is killed and replaced.
      const fail = (reason) => {
        if (state.index < 0) return;
        clearTimeout(state.timer);
        const { variant, mode } = state.current ?? { variant: undefined, mode: 'native' };
        const runs = state.runs;
        if (variant !== undefined) {
          let run = runs.find((r) => r.variant === variant);
          if (!run) runs.push((run = { variant }));
          run[mode] = { pass: false, detail: `${reason}${state.stderr ? `: ${state.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}` };
        }
        const index = state.index;
        state.index = -1;
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        finish(index, { runs, crashed: reason });
        if (next < paths.length) startChild();
      };

      child.on('message', (message) => {
        if (message.ready) {
          lacking = message.lacking;
          version = message.version;
          return assign();
        }
        if (message.id !== state.index) return;
        if (message.start) state.current = message.start;
        else if (message.run) {
          const { variant, native, green: transformed } = message.run;
          const run = state.runs.find((r) => r.variant === variant);
          if (run) run.green = transformed;
          else state.runs.push({ variant, native });
          state.current = undefined;
        } else if (message.done) {
          clearTimeout(state.timer);
          const index = state.index;
          const { skipped, variants, error } = message;
          state.heap = message.heap;
          finish(index, { runs: state.runs, ...(skipped ? { skipped, variants } : {}), ...(error ? { error } : {}) });
          assign();
        }
      });
      child.on('exit', (code, signal) => {
        if (state.index >= 0) fail(`the worker process died (${signal ?? `exit code ${code}`})`);
      });
      child.on('error', (error) => rejectAll(error));
    }

    for (let i = 0; i < jobs; i++) startChild();
  });
}
