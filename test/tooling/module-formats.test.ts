// CommonJS and ES modules, in the app and in packages, through the loader and through `greenhack build`.
import assert from 'node:assert/strict';
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

test('greenhack build warns that it leaves the included packages in node_modules uncompiled, and indeed they are', () => {
  const build = runCli(app, ['build', 'src', '--out', 'dist']);
  assert.equal(build.status, 0, build.stderr);
  assert.match(build.stderr, /warning: "greenhack": \{ "include" \} names green-cjs-pkg/);
  // The included package is not compiled by the build: under plain node, its callback cannot suspend.
  for (const main of ['dist/main.js', 'dist/esm-main.mjs']) {
    const run = runNode([main], app);
    assert.equal(run.status, 1, main);
    assert.match(run.stderr, /GreenContextError: .*it was reached through the untransformed sumOf \(.*node_modules\/green-cjs-pkg\/index\.js/, main);
  }
});
