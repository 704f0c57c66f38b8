// Green scope: which modules get the green transform, which only lose their types, which are untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, loaderReport, repoRoot, runWithLoader } from './helpers.ts';

const app = fixture('esm-app');

test('app files are green; node_modules JavaScript is untouched unless the app includes the package', () => {
  const run = runWithLoader(app, 'main.ts', [], { GREENHACK_DEBUG: 'loader' });
  assert.equal(run.status, 0, run.stderr);
  const report = loaderReport(run.stderr);
  for (const file of ['main.ts', 'math.ts', 'text.ts', 'lib/index.ts', 'halves.mts']) {
    assert.equal(report.get(fixture('esm-app', file))?.mode, 'green', file);
  }
  assert.equal(report.has(fixture('esm-app', 'node_modules/plain-pkg/index.js')), false, 'plain-pkg was compiled');
  assert.equal(report.get(fixture('esm-app', 'node_modules/included-pkg/index.js'))?.mode, 'green');
  assert.equal(report.get(fixture('esm-app', 'node_modules/@scope/included/index.cjs'))?.mode, 'green');
  assert.equal(report.get(fixture('esm-app', 'node_modules/typed-pkg/index.ts'))?.mode, 'strip');
});

test('green modules\' functions get generator twins; functions loaded plain or only type-stripped do not', () => {
  const run = runWithLoader(app, 'main.ts');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout).twins, {
    shout: true, // the app's own text.ts
    twice: false, // plain-pkg
    thrice: true, // included-pkg
    quadruple: true, // @scope/included, CommonJS
    triangle: false, // typed-pkg, TypeScript outside green scope
  });
});

test('module formats: .ts follows package.json "type", .cts is CommonJS, .mts an ES module', () => {
  const esm = loaderReport(runWithLoader(app, 'main.ts', [], { GREENHACK_DEBUG: 'loader' }).stderr);
  assert.equal(esm.get(fixture('esm-app', 'math.ts'))?.format, 'module');
  assert.equal(esm.get(fixture('esm-app', 'halves.mts'))?.format, 'module');
  assert.equal(esm.get(fixture('esm-app', 'legacy.cts'))?.format, 'commonjs');
  assert.equal(esm.get(fixture('esm-app', 'counter.cts'))?.format, 'commonjs');
  const cjs = loaderReport(runWithLoader(fixture('cjs-app'), 'main.ts', [], { GREENHACK_DEBUG: 'loader' }).stderr);
  assert.equal(cjs.get(fixture('cjs-app', 'add.ts'))?.format, 'commonjs');
});

test('the include list is the app\'s: from another app root the same packages are not green', () => {
  // Run from the repository root: the app is greenhack's repository, which includes no packages.
  const run = runWithLoader(repoRoot, fixture('esm-app', 'main.ts'), [], { GREENHACK_DEBUG: 'loader' });
  assert.equal(run.status, 0, run.stderr);
  const report = loaderReport(run.stderr);
  assert.equal(report.get(fixture('esm-app', 'main.ts'))?.mode, 'green');
  assert.equal(report.has(fixture('esm-app', 'node_modules/included-pkg/index.js')), false);
  assert.equal(report.has(fixture('esm-app', 'node_modules/@scope/included/index.cjs')), false);
});

test('greenhack\'s own dist/ is never compiled, even when greenhack\'s repository is the app', () => {
  const run = runWithLoader(repoRoot, fixture('uses-greenhack', 'main.ts'), [], { GREENHACK_DEBUG: 'loader' });
  assert.equal(run.status, 0, run.stderr);
  const report = loaderReport(run.stderr);
  assert.equal(report.get(fixture('uses-greenhack', 'main.ts'))?.mode, 'green');
  const own = [...report.keys()].filter((file) => file.startsWith(`${repoRoot}/dist/`) || file.startsWith(`${repoRoot}/src/`));
  assert.deepEqual(own, []);
  assert.deepEqual(JSON.parse(run.stdout), { transformHasTwin: false });
});

test('without GREENHACK_ENTRY no module is compiled as the entry', () => {
  const report = loaderReport(runWithLoader(app, 'main.ts', [], { GREENHACK_DEBUG: 'loader' }).stderr);
  assert.ok(report.size > 0);
  assert.deepEqual([...report.values()].filter((loaded) => loaded.entry), []);
});
