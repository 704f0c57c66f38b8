// `greenhack run file.ts [args]` and the rest of the command line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cliPath, fixture, loaderReport, positionOf, repoRoot, runCli } from './helpers.ts';

const app = fixture('cli-app');

test('run: the script gets [node, file, ...args] and is compiled as the entry', () => {
  const run = runCli(app, ['run', 'args.ts', 'one', 'two words', '--flag'], { GREENHACK_DEBUG: 'loader' });
  assert.equal(run.status, 0, run.stderr);
  const { argv, entry } = JSON.parse(run.stdout) as { argv: string[]; entry: string };
  assert.deepEqual(argv.slice(1), [fixture('cli-app', 'args.ts'), 'one', 'two words', '--flag']);
  assert.equal(entry, fixture('cli-app', 'args.ts'));
  assert.equal(loaderReport(run.stderr).get(fixture('cli-app', 'args.ts'))?.entry, true);
});

test('run: an uncaught error exits with status 1 and a stack of the script\'s own frames', () => {
  const run = runCli(app, ['run', 'throws.ts']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /Error: order 7 is invalid/);
  const thrown = positionOf(fixture('cli-app', 'throws.ts'), 'new Error');
  assert.ok(run.stderr.includes(`${fixture('cli-app', 'throws.ts')}:${thrown.line}:${thrown.column}`), run.stderr);
  const frames = run.stderr.split('\n').filter((line) => /^\s+at /.test(line));
  assert.ok(frames.length > 0, run.stderr);
  const internal = frames.filter((line) => line.includes('node:internal/') || line.includes(`${repoRoot}/dist/`) || line.includes(`${repoRoot}/src/`));
  assert.deepEqual(internal, []);
});

test('run: an error while the entry\'s imports load exits with status 1, stack cleaned of loader frames', () => {
  const dependency = fixture('cli-app', 'failing-dependency.ts');
  const run = runCli(app, ['run', 'imports-failing.ts']);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  const thrown = positionOf(dependency, 'new RangeError');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'RangeError: gave up after 1 of 1 attempts');
  assert.ok(lines[1].includes(`${dependency}:${thrown.line}:${thrown.column}`), run.stderr);
  assert.ok(lines.slice(1).every((line) => line.includes(dependency)), run.stderr);
});

test('run: the script decides the exit status, and pending timers still run', () => {
  const run = runCli(app, ['run', 'exit-code.ts']);
  assert.equal(run.stdout, 'timer done\n');
  assert.equal(run.status, 3, run.stderr);
});

test('run: a syntax error in the script exits with status 1 and names file:line:column', () => {
  const broken = fixture('broken-app', 'broken.ts');
  const run = runCli(fixture('broken-app'), ['run', 'broken.ts']);
  assert.equal(run.status, 1);
  const at = positionOf(broken, 'total: number = ');
  assert.ok(run.stderr.includes(`${broken}:${at.line}:${at.column + 'total: number = '.length}`), run.stderr);
});

test('run: a missing file, no file, an unknown command or no command exit with status 2', () => {
  for (const args of [['run', 'no-such-file.ts'], ['run'], ['frobnicate'], []]) {
    const run = runCli(app, args);
    assert.equal(run.status, 2, `greenhack ${args.join(' ')}`);
    assert.match(run.stderr, /^greenhack: .+\nRun 'greenhack --help' for usage\.\n$/);
    assert.equal(run.stdout, '');
  }
  assert.match(runCli(app, ['run', 'no-such-file.ts']).stderr, /no such file: no-such-file\.ts/);
  assert.match(runCli(app, ['frobnicate']).stderr, /unknown command 'frobnicate'/);
});

test('--help and --version', () => {
  const help = runCli(app, ['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: greenhack <command>/);
  assert.match(help.stdout, /run <file> \[args\.\.\.\]/);
  const version = runCli(app, ['--version']);
  assert.equal(version.status, 0);
  const pkg = JSON.parse(readFileSync(`${repoRoot}/package.json`, 'utf8')) as { version: string };
  assert.equal(version.stdout, `${pkg.version}\n`);
});

test('the CLI is an executable script with a node shebang', () => {
  assert.match(readFileSync(cliPath, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
