/**
 * Differential suite: every program in ./programs runs natively and transformed, and the runs must agree.
 *
 * - native: types stripped only, `main()` called outside any green task (hidden calls run their `sync`
 *   implementation);
 * - transformed: compiled by `transform()`, `main` run as a green task with `asAsync(main)()` (hidden
 *   calls on suspendable paths run their async implementation);
 * - and the same compiled code called outside any task, where only the original functions run, which
 *   the transform must leave unchanged.
 *
 * All runs must return deep-equal traces, or throw errors of the same class with the same message.
 * Modules are imported from data: URLs, so greenhack's loader does not compile them again, and the
 * `'greenhack'` specifier is rewritten to dist/index.js so that every run and this file share one runtime.
 *
 * What a program exports (see any file in ./programs):
 * - `default`: `main(): unknown`, returning a JSON-serialisable trace (or a promise of one);
 * - `counters`: `{ async, sync, asserts }`, bumped by the program's hidden implementations and its
 *   `eq()` helper; the transformed runs must run as many assertions as the native one and, when
 *   `expect.suspends` is true, must run the async implementation more often than the native run did
 *   (which proves the task really suspended);
 * - `expect`: `{ suspends: boolean, throws?: 'Class: message', syncInTask?: number }`; `throws` marks a
 *   program whose main deliberately ends with an error (otherwise a native error means the program itself
 *   is broken); `syncInTask` (default 0) is how many times the green run's module runs the sync
 *   implementation: hidden calls made where a frame cannot suspend (a constructor, a getter, a callback of
 *   a built-in without a green version, …), and those the module makes outside the task (at import, in an
 *   async body after an `await`, in a `.then` callback). The green run must make exactly that many: one
 *   more means a shortcut of the analysis ran plain code that should have suspended, even in a program
 *   with many cases. Each program says beside each such statement how many it makes and why (counts of
 *   sort comparators are V8's: a change of its sort algorithm changes them).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { transformSync as esbuildTransform } from 'esbuild';
import { transform, stripTypes } from '../../src/transform/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const programsDir = join(here, 'programs');
const runtimeUrl = new URL('../../dist/index.js', import.meta.url).href;
const { asAsync } = (await import(runtimeUrl)) as { asAsync: <F extends (...a: never[]) => unknown>(fn: F) => (...a: Parameters<F>) => Promise<unknown> };
const failureDir = join(tmpdir(), 'greenhack-differential');

interface Counters { async: number; sync: number; asserts: number }
interface Program {
  default: () => unknown;
  counters: Counters;
  expect: { suspends: boolean; throws?: string; syncInTask?: number };
}
type Outcome = { returned: unknown } | { threw: string };

/** Imports compiled program text from a data: URL, with 'greenhack' pointing at the built runtime. */
async function load(code: string, label: string): Promise<Program> {
  const js = code.replace(/(\bfrom\s*|\bimport\s*)(['"])greenhack\2/g, (_, head: string) => head + JSON.stringify(runtimeUrl));
  // sourceURL names the program in stack traces, and gives each run its own URL, so its own module instance.
  const url = 'data:text/javascript;base64,' + Buffer.from(`${js}\n//# sourceURL=${label}\n`).toString('base64');
  const mod = (await import(url)) as Program;
  assert.equal(typeof mod.default, 'function', `${label}: the default export must be main()`);
  assert.ok(mod.counters && mod.expect, `${label}: a program exports \`counters\` and \`expect\``);
  return mod;
}

function describeThrown(e: unknown): string {
  const text = e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)
    ? `${(e as Error).constructor?.name ?? 'Object'}: ${(e as Error).message}`
    : `non-error value: ${String(e)}`;
  return text.replace(/data:text\/javascript;base64,[\w+/=]+/g, '<program URL>');
}

interface Run { outcome: Outcome; module?: Program }

/** Loads `code` as a fresh module instance and runs its main with `start`; a failure to load is an outcome too. */
async function run(code: string, label: string, start: (main: () => unknown) => unknown): Promise<Run> {
  let mod: Program | undefined;
  try {
    mod = await load(code, label);
    const main = mod.default;
    return { outcome: { returned: await start(main) }, module: mod };
  } catch (e) {
    return { outcome: { threw: describeThrown(e) }, module: mod };
  }
}

/**
 * Node 20 cannot parse `using`: there the native run of a program that declares resources is lowered by
 * esbuild, an implementation independent of greenhack's. Node 24 runs it natively.
 */
const parsesUsing = (() => {
  try {
    new vm.Script('{ using x = null }');
    return true;
  } catch {
    return false;
  }
})();
function nativeCode(source: string, file: string): string {
  const code = stripTypes(source, { filename: file }).code;
  if (parsesUsing || !/\busing\b/.test(code)) return code;
  return esbuildTransform(code, { loader: 'js', format: 'esm', target: 'node20' }).code;
}

const programs = readdirSync(programsDir).filter((f) => /\.(ts|js|mts|mjs)$/.test(f)).sort();
let totalAsserts = 0;

for (const name of programs) {
  test(name, { timeout: 120_000 }, async (t) => {
    const file = join(programsDir, name);
    const source = readFileSync(file, 'utf8');

    const { outcome: expected, module: native } = await run(nativeCode(source, file), `${name} (native)`, (main) => main());
    assert.ok(native, `${name} does not load natively: ${JSON.stringify(expected)}`);
    if ('threw' in expected) assert.equal(expected.threw, native.expect.throws, `${name} fails natively: the program itself is wrong`);
    else assert.equal(native.expect.throws, undefined, `${name} was expected to throw natively`);

    const compiled = transform(source, { filename: file });
    // Outside any task only the original functions run: they must behave exactly as the native ones.
    const outside = await run(compiled.code, `${name} (transformed, outside a task)`, (main) => main());
    const green = await run(compiled.code, `${name} (transformed, in a green task)`, (main) => asAsync(main)());
    const counts = (c?: Counters) => (c ? `${c.async} async, ${c.sync} sync, ${c.asserts} asserts` : 'not loaded');
    t.diagnostic(`native: ${counts(native.counters)}; green: ${counts(green.module?.counters)}; transform diagnostics: ${compiled.diagnostics.length}`);
    totalAsserts += native.counters.asserts;

    try {
      assert.deepStrictEqual(green.outcome, expected, `${name}: the transformed run in a green task disagrees with the native run`);
      assert.deepStrictEqual(outside.outcome, expected, `${name}: the transformed module, run outside any task, disagrees with the native run`);
      for (const [what, r] of [['in a green task', green], ['outside a task', outside]] as const) {
        assert.equal(r.module?.counters.asserts, native.counters.asserts, `${name}: the transformed run ${what} ran a different number of assertions`);
      }
      const fellBack = green.module!.counters.sync;
      assert.equal(fellBack, native.expect.syncInTask ?? 0,
        `${name}: ${fellBack} hidden calls in the green task ran their sync implementation, where the program expects ${native.expect.syncInTask ?? 0} (its frames that cannot suspend): a shortcut ran plain code that should have suspended, or expect.syncInTask is out of date`);
      const suspended = green.module!.counters.async;
      if (native.expect.suspends) {
        assert.ok(suspended > native.counters.async,
          `${name}: the transformed run never suspended (async implementation runs: ${suspended} transformed, ${native.counters.async} native)`);
      }
    } catch (error) {
      // Keep the compiled text for whoever reads the failure.
      mkdirSync(failureDir, { recursive: true });
      const out = join(failureDir, name.replace(/\.\w+$/, '.transformed.js'));
      writeFileSync(out, compiled.code);
      t.diagnostic(`transformed code written to ${out}`);
      throw error;
    }
  });
}

after(() => {
  console.log(`differential: ${programs.length} programs, ${totalAsserts} assertions in the native runs`);
});
