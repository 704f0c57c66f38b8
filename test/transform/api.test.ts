// transform(): every supported extension, errors with locations, diagnostics, and input validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transform, stripTypes, TransformError } from 'greenhack/transform';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const TWIN = 'Symbol.for("greenhack.twin")';

test('compiles .ts .mts .cts .tsx .js .mjs .cjs, giving twins to functions that make calls', () => {
  const body = 'function outer(x) { return inner(x) }\nfunction leaf(x) { return x + 1 }\n';
  for (const ext of ['ts', 'mts', 'cts', 'tsx', 'js', 'mjs', 'cjs']) {
    const typed = ext.includes('t') && ext !== 'mjs' ? body.replace('(x)', '(x: number)') : body;
    const { code, map } = transform(typed, { filename: `file.${ext}` });
    assert.ok(code.includes(TWIN), `${ext}: twin key`);
    assert.match(code, /\(outer\[__ghT\] = /, `${ext}: outer has a twin`);
    assert.doesNotMatch(code, /\(leaf\[__ghT\]/, `${ext}: leaf (no calls) has none`);
    assert.doesNotMatch(code, /: number/, `${ext}: types stripped`);
    assert.equal(map.version, 3);
    assert.deepEqual(map.sources, [`file.${ext}`]);
    const commonjs = ext === 'cts' || ext === 'cjs';
    assert.equal(code.includes('__filename'), commonjs, `${ext}: module id`);
    assert.equal(code.includes('import.meta.url'), !commonjs, `${ext}: module id`);
  }
});

test('JSX in .tsx compiles to calls, which get twins like any other', () => {
  const { code } = transform('export function View(p: { n: string }) { return <b>{p.n}</b> }', { filename: 'view.tsx' });
  assert.match(code, /\(View\[__ghT\] = /);
  assert.doesNotMatch(code, /<b>/);
});

test('a module that makes no calls in any function is unchanged but for one statement registering it as green', () => {
  const source = 'export const add = (a, b) => a + b;\nexport function id(x) { return x }\n';
  const { code } = transform(source, { filename: 'm.js' });
  const registration = 'globalThis[Symbol.for("greenhack.runtime")]?.g(import.meta.url);';
  assert.equal(code, registration + source);
});

test('twins: false only strips types', () => {
  const { code } = transform('export function f(x: number) { return g(x) }', { filename: 'f.ts', twins: false });
  assert.doesNotMatch(code, /__gh/);
  assert.match(code, /return g\(x\)/);
});

test('the source map points generated calls back to the original TypeScript position', () => {
  const source = 'type T = { a: number };\n\nexport function run(t: T): number {\n  const x: number = 1;\n  return compute(t.a, x);\n}\n';
  const { code, map } = transform(source, { filename: 'run.ts' });
  const lines = code.split('\n');
  const line = lines.findIndex((l) => l.includes('yield*') && l.includes('"compute"'));
  const column = lines[line]!.indexOf('yield*');
  const position = originalPositionFor(new TraceMap(map as never), { line: line + 1, column });
  assert.equal(position.line, 5);
  assert.equal(position.column, source.split('\n')[4]!.indexOf('compute'));
});

test('a syntax error is a TransformError with file, line and column', () => {
  for (const [filename, source, line, column] of [
    ['bad.ts', 'const a: number = 1;\nconst b = (;\n', 2, 12],
    ['bad.js', 'let x = 1;\n\nlet y = );\n', 3, 9],
  ] as const) {
    assert.throws(
      () => transform(source, { filename }),
      (error: unknown) => {
        assert.ok(error instanceof TransformError);
        assert.ok(error instanceof SyntaxError);
        assert.equal(error.filename, filename);
        assert.equal(error.line, line, error.message);
        assert.ok(Math.abs(error.column - column) <= 1, `${error.message}: column ${error.column}, expected about ${column}`);
        assert.match(error.message, new RegExp(`^${filename.replace('.', '\\.')}:${line}:`));
        return true;
      },
    );
  }
});

test('constructs that cannot suspend are reported at their original line and column', () => {
  const source = 'interface I { x: number }\nclass A {\n  [key()](): void { call(); }\n  m(): () => void { return () => super.m(); }\n}\n';
  const { diagnostics } = transform(source, { filename: 'a.ts' });
  // Through the type-strip map, TypeScript positions are exact to the token oxc maps (here the statement).
  assert.deepEqual(
    diagnostics.map(({ line, filename }) => ({ line, filename })),
    [
      { line: 3, filename: 'a.ts' },
      { line: 4, filename: 'a.ts' },
    ],
  );
  assert.equal(diagnostics[0]!.column, 3);
  assert.match(diagnostics[0]!.message, /computed names/);
  assert.match(diagnostics[1]!.message, /super/);
  const js = transform('class A {\n  m() { return () => super.m(); }\n}\n', { filename: 'a.js' });
  assert.deepEqual(js.diagnostics.map(({ line, column }) => [line, column]), [[2, 16]]);
});

test('a `for await` at the top level of an entry module is refused with its location', () => {
  assert.throws(() => transform('const xs = [];\nfor await (const x of xs) {}\n', { filename: 'main.mjs', entry: true }), /main\.mjs:2:1: `for await`/);
});

test('bad arguments are TypeErrors that say what was expected', () => {
  assert.throws(() => transform(42 as never, { filename: 'a.js' }), /transform\(\): source must be a string, got number/);
  assert.throws(() => transform('', {} as never), /transform\(\): options\.filename must be a string/);
  assert.equal(stripTypes('let a: number = 1', { filename: 'a.ts' }).code.trim(), 'let a = 1;');
});
