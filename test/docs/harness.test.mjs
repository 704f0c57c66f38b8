// The docs sample harness itself: it must find samples, honour the marks, and fail when a sample does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSamples, isRunnableShell, matchOutput } from './extract.mjs';
import { runDocument } from './run-samples.mjs';

const fence = '```';
const doc = (...parts) => parts.join('\n');

test('samples, their marks and their expected output are read from the Markdown', () => {
  const samples = extractSamples(doc(
    `${fence}ts`, 'console.log(1)', fence, '', 'prints:', '', `${fence}text output`, '1', fence,
    '<!-- sample: no-run (a fragment) -->', `${fence}ts`, 'db.query()', fence,
    '<!-- sample: file a.ts, env A=b C=d -->', `${fence}ts`, 'export const a = 1', fence,
    `${fence}sh`, 'npm install greenhack', fence,
    `${fence}bash`, 'GREENHACK_MODE=sync npx greenhack run a.ts \\', '  --flag', fence,
    `${fence}json`, '{}', fence,
  ));
  assert.deepEqual(samples.map((s) => s.kind), ['run', 'no-run', 'file', 'unmarked-shell', 'shell']);
  assert.deepEqual(samples[0].expected, { stdout: '1' });
  assert.equal(samples[1].directive.noRun, 'a fragment');
  assert.deepEqual(samples[2].directive, { file: 'a.ts', env: { A: 'b', C: 'd' } });
  assert.equal(samples[0].line, 1);
});

test('bad marks are errors that say what is expected', () => {
  assert.throws(() => extractSamples(doc('<!-- sample: no-run -->', `${fence}ts`, 'x', fence)), /"no-run" needs a reason/);
  assert.throws(() => extractSamples(doc('<!-- sample: frobnicate -->', `${fence}ts`, 'x', fence)), /unknown sample directive "frobnicate"/);
  assert.throws(() => extractSamples(doc(`${fence}text output`, 'x', fence)), /must follow a sample that is run/);
  assert.throws(() => extractSamples(doc('<!-- sample: server -->', `${fence}ts`, 'x', fence)), /needs a `text output` block/);
});

test('shell blocks run only when every command is node or greenhack', () => {
  assert.equal(isRunnableShell('node --import greenhack/register app.ts\n# a comment\nnpx greenhack run x.ts'), true);
  assert.equal(isRunnableShell('A=1 greenhack run x.ts'), true);
  assert.equal(isRunnableShell('node app.ts && rm -rf /'.replace('&&', '\n')), false);
  assert.equal(isRunnableShell('npm test'), false);
});

test('expected output: exact lines, … within a line, a … line for any lines', () => {
  assert.equal(matchOutput('a\nb', 'a\nb\n'), true);
  assert.equal(matchOutput('a\nb', 'a\nc\n'), false);
  assert.equal(matchOutput('took … ms', 'took 12 ms'), true);
  assert.equal(matchOutput('first\n…\nlast', 'first\n1\n2\nlast\n'), true);
  assert.equal(matchOutput('first\n…\nlast', 'first\nlast'), true);
  assert.equal(matchOutput('a.b', 'axb'), false);
});

test('a sample that fails, prints something else or is unmarked fails the page; marked ones pass', async () => {
  const results = await runDocument('harness-check.md', doc(
    `${fence}ts`, "import { hidden } from 'greenhack'", 'const f = hidden(async (n: number) => n + 1, { name: "f" })', 'console.log(f(1))', fence,
    `${fence}text output`, '2', fence,
    `${fence}ts`, 'console.log("three")', fence,
    `${fence}text output`, '4', fence,
    `${fence}ts`, 'throw new Error("broken sample")', fence,
    '<!-- sample: exit 3 -->', `${fence}ts`, 'process.exitCode = 3', fence,
    '<!-- sample: file lib.ts -->', `${fence}ts`, 'export const answer: number = 42', fence,
    `${fence}sh`, 'node --import greenhack/register lib.ts', 'greenhack run lib.ts', fence,
    `${fence}sh`, 'npm publish', fence,
    '<!-- sample: no-run (a fragment) -->', `${fence}ts`, 'return db.query(…)', fence,
    '<!-- sample: no-run (not code at all) -->', `${fence}ts`, 'this is not ) valid', fence,
    '<!-- sample: server -->', `${fence}ts`, "console.log('listening'); setInterval(() => {}, 1000)", fence,
    `${fence}text output`, 'listening', fence,
  ));
  const outcome = results.map((r) => [r.sample.line, r.ok]);
  assert.deepEqual(outcome, [[1, true], [9, false], [15, false], [19, true], [23, true], [26, true], [30, false], [34, true], [38, false], [42, true]], results.map((r) => r.message).filter(Boolean).join('\n'));
  const messages = results.filter((r) => !r.ok).map((r) => r.message);
  assert.match(messages[0], /harness-check.md:9: stdout does not match[\s\S]*three/);
  assert.match(messages[1], /harness-check.md:15: exit status 1, expected 0[\s\S]*broken sample/);
  assert.match(messages[2], /harness-check.md:30: .*neither a command the test can run .* nor marked/);
  assert.match(messages[3], /harness-check.md:38: this no-run sample does not parse/);
});
