// CommonJS and ES modules, in the app and in packages, through the loader and through `greenhack build`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { project, runCli, runNode, runWithLoader } from './helpers.ts';

const { app } = project('module-formats-app');
const cjsResults = { double: 6, counted: [3, 8], includedPackage: 12, plainPackage: 'GreenContextError' };
const esmResults = { double: 10, counted: 4, includedPackage: 3 };

test('a CommonJS app requires CommonJS TypeScript, a .cjs file and packages in and out of green scope', () => {
  const run = runWithLoader(app, 'src/main.ts');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), cjsResults);
});

test('an ES module app imports the same CommonJS modules and the included CommonJS package', () => {
  const run = runWithLoader(app, 'src/esm-main.mts');
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), esmResults);
});

test('greenhack build compiles the app in both formats and the included package into <out>/node_modules', () => {
  const build = runCli(app, ['build', 'src', '--out', 'dist']);
  assert.equal(build.status, 0, build.stderr);
  assert.equal(build.stderr, '');
  assert.match(readFileSync(join(app, 'dist/node_modules/green-cjs-pkg/index.js'), 'utf8'), /require\("greenhack"\)/);
  // plain-cjs-pkg is not included: it is not copied, and resolves to node_modules as before.
  assert.equal(existsSync(join(app, 'dist/node_modules/plain-cjs-pkg')), false);
  const cjs = runNode(['dist/main.js'], app);
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.deepEqual(JSON.parse(cjs.stdout), cjsResults);
  const esm = runNode(['dist/esm-main.mjs'], app);
  assert.equal(esm.status, 0, esm.stderr);
  assert.deepEqual(JSON.parse(esm.stdout), esmResults);
});
