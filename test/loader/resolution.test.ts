// Resolution and module formats: TypeScript-style specifiers in ESM and CommonJS, .mts/.cts, type-only
// imports, and CommonJS reached from an ES module.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, loaderReport, runWithLoader } from './helpers.ts';

test('an ES module app: ./x.js finds x.ts, extensionless and directory imports, .mjs finds .mts, .cts from import and require', () => {
  const run = runWithLoader(fixture('esm-app'), 'main.ts');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout).results, {
    double: 42,
    shout: 'HI!',
    libName: 'lib/index.ts',
    half: 4.5,
    legacy: 'legacy.cts is CommonJS',
    counter: [1, 2],
    twice: 4,
    thrice: 9,
    quadruple: 16,
    triangle: 'triangle with 3 sides',
    square: 'sq',
  });
});

test('type-only imports are erased: the module that holds only types is never even loaded', () => {
  const run = runWithLoader(fixture('esm-app'), 'main.ts', [], { GREENHACK_DEBUG: 'loader' });
  assert.equal(run.status, 0, run.stderr);
  const report = loaderReport(run.stderr);
  assert.equal(report.get(fixture('esm-app', 'math.ts'))?.mode, 'green');
  assert.equal(report.has(fixture('esm-app', 'types-only.ts')), false);
});

test('a CommonJS app: require() of .ts (extensionless, as ./x.js, a directory) and .cts, and require.main', () => {
  const run = runWithLoader(fixture('cjs-app'), 'main.ts');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    add: 5,
    multiply: 20,
    subtract: 6,
    toolName: 'tools/index.ts',
    isCommonJs: 'main',
  });
});

test('an unresolvable specifier still fails with Node\'s own error', () => {
  const run = runWithLoader(fixture('esm-app'), 'no-such-module.ts');
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /ERR_MODULE_NOT_FOUND|Cannot find module/);
});
