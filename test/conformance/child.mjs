/**
 * A worker process of the conformance runner: runs the tests the parent sends, one at a time, and reports
 * each run before it starts and after it ends, so that the parent can blame a crash or hang on one run.
 * Started by runner.mjs with --experimental-vm-modules (vm.SourceTextModule) and --expose-gc ($262.gc).
 */
import { runVariant } from './execute.mjs';
import { lackingFeatures, skipReason } from './features.mjs';
import { loadTest } from './test262.mjs';

// Tests reject promises on purpose; in a realm nobody handles them, which must not end this process.
process.on('unhandledRejection', () => {});

const heapUsed = () => process.memoryUsage().heapUsed;

process.on('message', async ({ id, path, green }) => {
  try {
    const test = loadTest(path);
    const skipped = skipReason(test.meta);
    if (skipped) return process.send({ id, done: true, skipped, variants: test.variants.length, heap: heapUsed() });
    for (const variant of test.variants) {
      process.send({ id, start: { variant, mode: 'native' } });
      const native = await runVariant(test, variant, false);
      process.send({ id, run: { variant, native } });
      // A transformed run is compared only where the native run passes.
      if (!green || !native.pass) continue;
      process.send({ id, start: { variant, mode: 'green' } });
      process.send({ id, run: { variant, green: await runVariant(test, variant, true) } });
    }
    process.send({ id, done: true, heap: heapUsed() });
  } catch (error) {
    process.send({ id, done: true, error: String(error?.stack ?? error), heap: heapUsed() });
  }
});

process.send({ ready: true, version: process.version, lacking: [...lackingFeatures()] });
