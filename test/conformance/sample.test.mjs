/**
 * The default test run's share of the test262 conformance suite: a fixed sample (every 12th test of each
 * directory, by path; about 2 300 tests, 4 300 runs, plus the pinned tests below), each run natively and
 * transformed (see execute.mjs).
 * Every natively passing run must pass transformed, except those known-differences.json lists with a
 * reason. The full suite is `npm run conformance`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, formatTable, loadKnown, percentageLine, summarize } from './report.mjs';
import { runTests } from './runner.mjs';
import { listTests, sampleOf } from './test262.mjs';

/** Tests a full run once found failing transformed that the stride misses: they run every time. */
const PINNED = [
  'test/built-ins/Array/prototype/toSorted/comparefn-not-a-function.js', // an entry's `for (var i …)` seen by a lifted twin (592c98c)
  'test/language/statements/function/S13.2.2_A19_T7.js', // a `var` in a top-level `with` block (592c98c)
];
const paths = [...new Set([...sampleOf(listTests()), ...PINNED])].sort();
const started = Date.now();
const { results, node } = await runTests(paths);
const seconds = Math.round((Date.now() - started) / 1000);
const summary = summarize(results);

test(`test262 sample on Node ${node}: ${paths.length} tests spread over every directory`, (t) => {
  t.diagnostic(`${seconds} s\n${formatTable(summary)}\n${percentageLine(summary.total)}`);
  assert.ok(paths.length >= 2000, `the sample has ${paths.length} tests`);
  assert.equal(new Set(results.map((r) => r.group)).size, new Set(listTests().map((p) => p.split('/').slice(0, 3).join('/'))).size);
  const errors = results.filter((r) => r.error).map((r) => `${r.path}: ${r.error}`);
  assert.deepEqual(errors, [], 'the runner itself failed on these tests');
});

test('the sample runs natively as test262 expects (guards the runner itself)', () => {
  const { total } = summary;
  const ran = total.runs - total.skipped;
  assert.ok(total.native >= 0.97 * ran, `only ${total.native} of ${ran} runs pass natively`);
});

test('every natively passing run passes transformed, bar the known differences', (t) => {
  const { unexpected, expected, stale } = classify(results, loadKnown());
  t.diagnostic(`${expected.length} known differences in the sample`);
  // A listed run that passes now is reported, not failed: the transform may have been fixed meanwhile.
  for (const s of stale) t.diagnostic(`passes now, remove from known-differences.json: [${s.category}] ${s.key}`);
  const lines = unexpected.map((f) => `${f.key}\n    ${f.detail}`);
  assert.equal(lines.length, 0, `transformed failures not in known-differences.json:\n${lines.join('\n')}`);
});
