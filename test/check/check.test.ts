// `greenhack check`: what it reports (frame, chain, position), what it does not (no guessing), and the
// command: exit codes, text and JSON output, errors for bad paths and files it cannot parse.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { check } from '../../src/check/index.ts';
import { cliPath, fixture, repoRoot } from './helpers.ts';

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cliPath, 'check', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const summary = (report: ReturnType<typeof check>) => report.findings.map((f) => `${f.file.split('/').pop()}:${f.line}:${f.column} ${f.kind} ${f.chain.map((s) => s.label).join(' → ')}`);

test('a getter: its position, frame kind, and the call chain across modules down to the hidden call', () => {
  const report = check([fixture('findings/getter.ts')], { cwd: repoRoot });
  assert.deepEqual(summary(report), ['getter.ts:7:12 getter Order.total getter → price() → fetchRate() [hidden]']);
  const [finding] = report.findings;
  assert.equal(finding!.file, 'test/check/fixtures/findings/getter.ts');
  assert.deepEqual(finding!.chain.map((s) => [s.file.split('/').pop(), s.line, s.hidden]), [['getter.ts', 6, false], ['getter.ts', 7, false], ['services.ts', 28, true]]);
  assert.match(finding!.message, /getter cannot suspend/);
  assert.deepEqual(report.files, ['test/check/fixtures/findings/getter.ts', 'test/check/fixtures/services.ts']);
});

test('imports are followed through re-exports, renames and namespaces', () => {
  assert.deepEqual(summary(check([fixture('findings/cross-module.ts')])), [
    'cross-module.ts:7:18 setter Cart.item setter → quote() → price() → fetchRate() [hidden]',
    'cross-module.ts:14:12 getter Cart.last getter → quote() → price() → fetchRate() [hidden]',
  ]);
});

test('batteries: pools, transactions, HTTP and WebSocket connections; typed parameters, interfaces and callbacks', () => {
  assert.deepEqual(summary(check([fixture('static/batteries.ts')])), [
    'batteries.ts:21:12 getter Stats.inTransaction getter → transaction() [hidden]',
    'batteries.ts:26:55 native-callback Array.prototype.sort callback → receive() [hidden]',
    'batteries.ts:35:55 native-callback Array.prototype.sort callback → query() [hidden]',
    'batteries.ts:42:5 getter Rows.count getter → next() [hidden]',
    'batteries.ts:66:14 getter total getter → query() [hidden]',
    'batteries.ts:66:48 getter total getter → exec() [hidden]',
  ]);
  assert.deepEqual(summary(check([fixture('findings/batteries.ts')])), [
    'batteries.ts:16:12 getter Report.count getter → query() [hidden]',
    'batteries.ts:19:12 getter Report.size getter → countIn() → query() [hidden]',
    'batteries.ts:32:32 native-callback Array.prototype.sort callback → status() → get() [hidden]',
  ]);
});

test('a framework outside the green scope: an unwrapped handler is flagged, one wrapped by green() is not', () => {
  assert.deepEqual(summary(check([fixture('static/servers.ts')])), ['servers.ts:11:21 untransformed-callback get() callback (express, outside the green scope) → price() → fetchRate() [hidden]']);
});

test('`this` and `super` lead to the methods of the program\'s classes and object literals, in methods, accessors and field initialisers', () => {
  assert.deepEqual(summary(check([fixture('static/classes.ts')])), [
    'classes.ts:17:16 native-callback setTimeout callback → onTick() → Base.refresh() → price() → fetchRate() [hidden]',
    'classes.ts:32:12 getter repo.all getter → repo.load() → price() → fetchRate() [hidden]',
  ]);
});

test('a package in the app\'s green scope is not read, and its methods are not taken for built-ins', () => {
  assert.deepEqual(check([fixture('green-app/main.ts')]).findings, []);
  // The same code and package, outside the green scope.
  assert.deepEqual(summary(check([fixture('static/plain-bus.ts')])).map((line) => line.split(' ')[1]), ['native-callback', 'native-callback']);
});

test('no guessing: dynamic calls, program methods named like built-ins, shadowed names are not reported', () => {
  assert.deepEqual(check([fixture('static/no-guessing.ts')]).findings, []);
});

test('the top level of a module is reported only when another checked module imports it, or it is not a named entry', () => {
  const dir = fixture('findings/top-level');
  assert.deepEqual(summary(check([dir])), ['db.ts:4:36 module-top-level top level of test/check/fixtures/findings/top-level/db.ts → fetchRate() [hidden]']);
  assert.deepEqual(check([fixture('findings/top-level/db.ts')]).findings, [], 'checked alone, db.ts is taken for an entry');
  assert.deepEqual(check([dir], { entries: [fixture('findings/top-level/db.ts'), fixture('findings/top-level/main.ts')] }).findings, []);
});

test('the command: exit 1 and text with file:line:col, the kind and the chain', () => {
  const run = cli(['test/check/fixtures/findings/getter.ts']);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /^test\/check\/fixtures\/findings\/getter\.ts:7:12: getter: /m);
  assert.match(run.stdout, /^ {2}Order\.total getter → price\(\) → fetchRate\(\) \[hidden\]$/m);
  assert.match(run.stdout, /1 finding in 2 files checked/);
});

test('the command: exit 0 on clean code, and on the project\'s examples (no false alarms)', () => {
  for (const path of ['test/check/fixtures/clean', 'examples']) {
    const run = cli([path]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /no hidden calls from frames that cannot suspend/);
  }
});

test('the command: --json output', () => {
  const run = cli(['--json', 'test/check/fixtures/findings/sort-comparator.ts']);
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(report), ['version', 'findings', 'files', 'errors']);
  assert.equal(report.version, 1);
  assert.deepEqual(report.findings, [
    {
      file: 'test/check/fixtures/findings/sort-comparator.ts',
      line: 4,
      column: 35,
      kind: 'native-callback',
      frame: 'Array.prototype.sort callback',
      chain: [
        { label: 'Array.prototype.sort callback', file: 'test/check/fixtures/findings/sort-comparator.ts', line: 4, column: 25, hidden: false },
        { label: 'price()', file: 'test/check/fixtures/findings/sort-comparator.ts', line: 4, column: 35, hidden: false },
        { label: 'fetchRate() [hidden]', file: 'test/check/fixtures/services.ts', line: 28, column: 10, hidden: true },
      ],
      message: report.findings[0].message,
    },
  ]);
  assert.match(report.findings[0].message, /no green version/);
  assert.deepEqual(report.errors, []);
});

test('the command: --entry names the modules whose top level runs as a green task', () => {
  const dir = 'test/check/fixtures/findings/top-level';
  assert.equal(cli([dir]).status, 1);
  const named = cli([dir, '--entry', `${dir}/main.ts`, '--entry', `${dir}/db.ts`]);
  assert.equal(named.status, 0, named.stdout);
  const missing = cli([dir, '--entry']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--entry needs a file/);
});

test('the command: a path that does not exist, an unknown option, a file that does not parse', () => {
  const missing = cli(['no/such/dir']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /check: no such file or directory: no\/such\/dir/);
  const option = cli(['--fast', 'examples/hello']);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /unknown option '--fast'/);
  const broken = cli(['test/check/fixtures/static/broken.ts']);
  assert.equal(broken.status, 2);
  assert.match(broken.stdout, /^test\/check\/fixtures\/static\/broken\.ts:\d+:\d+: error: cannot check this file: /m);
  assert.throws(() => check(['no/such/file.ts']), /no such file or directory: no\/such\/file\.ts/);
});
