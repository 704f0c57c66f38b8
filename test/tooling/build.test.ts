// `greenhack build`: the compiled project runs under plain node (no loader) as the sources run under the
// loader, with stack traces mapped back to the .ts sources.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { positionOf, project, runCli, runNode, runWithLoader } from './helpers.ts';

const { root, app } = project('build-app');
const built = runCli(app, ['build', 'src', '--out', 'dist', '--entry', 'src/cli.ts', '--declaration']);

test('build compiles every module and copies the rest', () => {
  assert.equal(built.status, 0, built.stderr);
  assert.equal(built.stdout, 'greenhack build: 7 green, 0 type-stripped, 7 declaration files, 2 copied → dist\n');
  for (const file of ['main.js', 'prices.js', 'inventory.js', 'failing.js', 'lib/index.js', 'legacy.cjs', 'cli.js', 'settings.json', 'settings.d.ts']) {
    assert.ok(existsSync(join(app, 'dist', file)), file);
  }
  assert.ok(existsSync(join(app, 'dist/main.js.map')));
  // The hashbang script stays executable.
  assert.ok(statSync(join(app, 'dist/cli.js')).mode & 0o100);
});

test('relative specifiers point at the output files: .ts → .js, extensionless, directories, .cts → .cjs', () => {
  const main = readFileSync(join(app, 'dist/main.js'), 'utf8');
  for (const specifier of ['./inventory.js', './lib/index.js', './legacy.cjs', './failing.js']) assert.ok(main.includes(`"${specifier}"`), specifier);
  assert.doesNotMatch(main, /from "\.[^"]*\.ts"/);
  assert.match(readFileSync(join(app, 'dist/legacy.cjs'), 'utf8'), /require\("\.\/prices\.js"\)/);
  assert.match(readFileSync(join(app, 'dist/lib/index.js'), 'utf8'), /from "\.\.\/prices\.js"/);
});

test('the output runs under plain node and prints what the sources print through the loader', () => {
  const fromSource = runWithLoader(app, 'src/main.ts');
  assert.equal(fromSource.status, 0, fromSource.stderr);
  const fromBuild = runNode(['dist/main.js'], app);
  assert.equal(fromBuild.status, 0, fromBuild.stderr);
  assert.equal(fromBuild.stdout, fromSource.stdout);
  assert.deepEqual(JSON.parse(fromBuild.stdout), { total: 27, ticks: [10, 20, 30], pair: 8, cheap: { ok: true, value: 3 } });
});

test('an --entry module runs its top level as a green task, as `greenhack run` runs the source', () => {
  const fromSource = runCli(app, ['run', 'src/cli.ts', 'one', 'two']);
  assert.equal(fromSource.status, 0, fromSource.stderr);
  const fromBuild = runNode(['dist/cli.js', 'one', 'two'], app);
  assert.equal(fromBuild.status, 0, fromBuild.stderr);
  assert.equal(fromBuild.stdout, fromSource.stdout);
  assert.equal(fromBuild.stdout, '{"prices":[3,5],"args":["one","two"]}\n');
});

test('with --enable-source-maps, a stack trace from the output names the .ts sources', () => {
  const run = runNode(['--enable-source-maps', 'dist/main.js', 'fail'], app);
  assert.equal(run.status, 1);
  const thrown = positionOf(join(app, 'src/failing.ts'), 'new Error');
  const caller = positionOf(join(app, 'src/main.ts'), "priceOrFail('plum')");
  assert.ok(run.stderr.includes(`${join(app, 'src/failing.ts')}:${thrown.line}:${thrown.column}`), run.stderr);
  assert.ok(run.stderr.includes(`${join(app, 'src/main.ts')}:${caller.line}:${caller.column}`), run.stderr);
  const map = JSON.parse(readFileSync(join(app, 'dist/failing.js.map'), 'utf8')) as { sources: string[]; sourcesContent: string[] };
  assert.deepEqual(map.sources, ['../src/failing.ts']);
  assert.equal(map.sourcesContent[0], readFileSync(join(app, 'src/failing.ts'), 'utf8'));
});

test('--declaration emits .d.ts files whose imports name the output files', () => {
  assert.match(readFileSync(join(app, 'dist/prices.d.ts'), 'utf8'), /export declare const fetchPrice: \(item: string\) => number;/);
  assert.match(readFileSync(join(app, 'dist/legacy.d.cts'), 'utf8'), /typeof import\("\.\/prices\.js"\)/);
  assert.equal(readFileSync(join(app, 'dist/settings.d.ts'), 'utf8'), readFileSync(join(app, 'src/settings.d.ts'), 'utf8'));
});

test('an ES module app built outside its package gets a package.json saying "type": "module"', () => {
  const run = runCli(app, ['build', 'src', '--out', '../outside']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /wrote .*outside\/package\.json \(\{"type":"module"\}\)/);
  assert.deepEqual(JSON.parse(readFileSync(join(root, 'outside/package.json'), 'utf8')), { type: 'module' });
  const output = runNode(['outside/main.js'], root);
  assert.equal(output.status, 0, output.stderr);
  assert.equal(JSON.parse(output.stdout).total, 27);
});

test('a CommonJS app builds to CommonJS that requires greenhack and runs under plain node', () => {
  const { app: cjs } = project('cjs-app');
  const run = runCli(cjs, ['build', 'src', '-o', 'out']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(readFileSync(join(cjs, 'out/cart.js'), 'utf8'), /^require\("greenhack"\); const __gh/);
  const fromSource = runWithLoader(cjs, 'src/main.ts');
  const fromBuild = runNode(['out/main.js'], cjs);
  assert.equal(fromBuild.status, 0, fromBuild.stderr);
  assert.equal(fromBuild.stdout, fromSource.stdout);
  assert.deepEqual(JSON.parse(fromBuild.stdout), { available: { tea: 4, cake: 2, jam: 0 }, commonjs: true });
});

test('bad arguments are refused with exit status 2 and say what to do', () => {
  const cases: [string[], RegExp][] = [
    [['build'], /missing the source directory/],
    [['build', 'src'], /missing --out <dir>/],
    [['build', 'src', '--out'], /--out needs a directory/],
    [['build', 'nowhere', '--out', 'x'], /nowhere is not a directory/],
    [['build', 'src', '--out', 'src'], /--out must differ from the source directory/],
    [['build', 'src/lib', '--out', 'src'], /contains the source directory/],
    [['build', 'src', '--out', 'x', '--minify'], /unknown option --minify/],
    [['build', 'src', '--out', 'x', '--entry', 'package.json'], /--entry package\.json: not a JavaScript or TypeScript file under/],
    [['build', 'src', 'lib', '--out', 'x'], /one source directory, got src and lib/],
  ];
  for (const [args, message] of cases) {
    const run = runCli(app, args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.match(run.stderr, /greenhack build --help/);
  }
});

test('build errors: a syntax error at file:line:column, a TypeScript import from outside the source directory, no package.json', () => {
  const { root: other, app: broken } = project('cjs-app');
  writeFileSync(join(broken, 'src/broken.ts'), 'export const x: number = (1;\n');
  mkdirSync(join(broken, 'shared'));
  writeFileSync(join(broken, 'shared/util.ts'), 'export const one = 1;\n');
  writeFileSync(join(broken, 'src/uses-shared.ts'), "import { one } from '../shared/util';\nexport const two = one + 1;\n");
  const run = runCli(broken, ['build', 'src', '--out', 'dist']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, new RegExp(`${join(broken, 'src/broken.ts')}:1:\\d+: `));
  assert.match(run.stderr, /imports '\.\.\/shared\/util', which is .*shared\/util\.ts: a file outside the directory being built/);
  assert.match(run.stderr, /2 error\(s\)/);

  mkdirSync(join(other, 'loose'));
  writeFileSync(join(other, 'loose/a.ts'), 'export const a = 1;\n');
  const loose = runNode([join(other, 'node_modules/greenhack/dist/cli/main.js'), 'build', 'loose', '--out', 'loose-out'], other);
  assert.equal(loose.status, 2);
  assert.match(loose.stderr, /there is no package\.json in .*loose or above it/);
});
