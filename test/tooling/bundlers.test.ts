// The esbuild and Vite plugins: a bundled green app runs under plain node as the sources run under the
// loader, with stack traces mapped to the .ts sources; the plugins compile exactly the loader's scope.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { greenhack as esbuildPlugin } from '../../dist/esbuild/index.js';
import { greenhack as vitePlugin } from '../../dist/vite/index.js';
import { positionOf, project, runNode, runWithLoader } from './helpers.ts';

const { app } = project('build-app');
const expected = runWithLoader(app, 'src/main.ts');

/** Runs a bundle next to a copy of the data file the app reads beside its modules. */
function runBundle(dir: string, file: string): ReturnType<typeof runNode> {
  copyFileSync(join(app, 'src/settings.json'), join(app, dir, 'settings.json'));
  return runNode([join(dir, file)], app);
}

function assertMappedStack(stderr: string): void {
  const thrown = positionOf(join(app, 'src/failing.ts'), 'new Error');
  assert.ok(stderr.includes(`${join(app, 'src/failing.ts')}:${thrown.line}:${thrown.column}`), stderr);
}

test('esbuild: the bundle runs under plain node and prints what the sources print', async () => {
  assert.equal(expected.status, 0, expected.stderr);
  const result = await esbuild({
    absWorkingDir: app, entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm',
    sourcemap: true, outfile: 'esbuild-out/main.js', plugins: [esbuildPlugin()], logLevel: 'silent', metafile: true,
  });
  assert.deepEqual(result.errors, []);
  // The runtime is bundled: each compiled module imports greenhack (its runtime is one file in dist).
  assert.ok(Object.keys(result.metafile.inputs).some((input) => input.endsWith('dist/runtime/bundle.js')));
  const run = runBundle('esbuild-out', 'main.js');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, expected.stdout);
  const failing = runNode(['--enable-source-maps', 'esbuild-out/main.js', 'fail'], app);
  assert.equal(failing.status, 1);
  assertMappedStack(failing.stderr);
});

test('esbuild: without the plugin the same bundle fails at its first hidden call from plain code', async () => {
  await esbuild({ absWorkingDir: app, entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'plain-out/main.js', logLevel: 'silent' });
  const run = runBundle('plain-out', 'main.js');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /GreenContextError/);
});

test('esbuild: a syntax error in a green file is an esbuild error at its file, line and column', async () => {
  writeFileSync(join(app, 'src/broken.ts'), "import { fetchPrice } from './prices.ts';\nexport const x = fetchPrice('apple') +;\n");
  await assert.rejects(
    esbuild({ absWorkingDir: app, entryPoints: ['src/broken.ts'], bundle: true, platform: 'node', format: 'esm', write: false, plugins: [esbuildPlugin()], logLevel: 'silent' }),
    (error: { errors: { text: string; location: { file: string; line: number } }[] }) => {
      assert.equal(error.errors.length, 1);
      assert.equal(error.errors[0]!.location.line, 2);
      assert.ok(error.errors[0]!.location.file.endsWith('src/broken.ts'), error.errors[0]!.location.file);
      return true;
    },
  );
});

test('Vite: an SSR build runs under plain node and prints what the sources print, with mapped stacks', async () => {
  await viteBuild({
    root: app, configFile: false, logLevel: 'silent', plugins: [vitePlugin()],
    build: { ssr: 'src/main.ts', outDir: 'vite-out', sourcemap: true, emptyOutDir: true },
  });
  // The app's modules were compiled: their twins are in the output.
  assert.match(readFileSync(join(app, 'vite-out/main.js'), 'utf8'), /\*"priceOrFail"\(item\)/);
  const run = runBundle('vite-out', 'main.js');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, expected.stdout);
  const failing = runNode(['--enable-source-maps', 'vite-out/main.js', 'fail'], app);
  assert.equal(failing.status, 1);
  assertMappedStack(failing.stderr);
});
