#!/usr/bin/env node
/**
 * test262 conformance of the green transform: every test natively and transformed (see execute.mjs).
 *
 *   node test/conformance/run-conformance.mjs [--sample] [--dir language/expressions]… [--node path]
 *        [--jobs n] [--json out.json] [--native-only] [--show-expected]
 *
 * Prints the per-directory table (docs/conformance.md), the skipped features, every transformed failure of
 * a natively passing run that known-differences.json does not list, and, as its last line, the share of
 * natively passing runs that pass transformed. Exits 1 when there are unexpected failures.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { classify, formatTable, loadKnown, percentageLine, summarize } from './report.mjs';
import { runTests } from './runner.mjs';
import { listTests, sampleOf, test262Dir } from './test262.mjs';

const { values } = parseArgs({
  options: {
    sample: { type: 'boolean', default: false },
    dir: { type: 'string', multiple: true, default: [] },
    node: { type: 'string', default: process.execPath },
    jobs: { type: 'string' },
    json: { type: 'string' },
    'native-only': { type: 'boolean', default: false },
    'show-expected': { type: 'boolean', default: false },
  },
});

const started = Date.now();
let paths = listTests();
if (values.sample) paths = sampleOf(paths);
if (values.dir.length > 0) {
  const prefixes = values.dir.map((d) => (d.startsWith('test/') ? d : `test/${d}`));
  paths = paths.filter((p) => prefixes.some((prefix) => p.startsWith(prefix)));
}
console.log(`test262 at ${test262Dir}: ${paths.length} tests${values.sample ? ' (sample)' : ''}`);

let lastReport = Date.now();
const { results, lacking, node } = await runTests(paths, {
  node: values.node,
  jobs: values.jobs ? Number(values.jobs) : undefined,
  green: !values['native-only'],
  onResult(_result, done, total) {
    if (Date.now() - lastReport > 15_000 || done === total) {
      lastReport = Date.now();
      process.stderr.write(`  ${done}/${total} tests, ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  },
});

const seconds = Math.round((Date.now() - started) / 1000);
const summary = summarize(results);
console.log(`\nNode ${node} (${values.node}), ${seconds} s\n`);
console.log(formatTable(summary));

if (summary.skipReasons.size > 0) {
  console.log('\nSkipped (this Node lacks the feature):');
  for (const [, { reason, count }] of [...summary.skipReasons].sort()) console.log(`  ${count} tests: ${reason}`);
}
if (lacking.length > 0) console.log(`Features this Node lacks: ${lacking.map(([f]) => f).join(', ')}`);

const errors = results.filter((r) => r.error);
for (const r of errors) console.log(`\nRunner error in ${r.path}:\n${r.error}`);

const { unexpected, expected, stale } = classify(results, loadKnown());
if (values['show-expected'] && expected.length > 0) {
  console.log(`\nKnown differences (${expected.length}):`);
  for (const f of expected) console.log(`  [${f.category}] ${f.key}\n      ${f.detail}`);
}
if (stale.length > 0) {
  console.log(`\nListed in known-differences.json but passing now (${stale.length}); remove them:`);
  for (const s of stale) console.log(`  [${s.category}] ${s.key}`);
}
if (unexpected.length > 0) {
  console.log(`\nUnexpected transformed failures (${unexpected.length}):`);
  for (const f of unexpected) console.log(`  ${f.key}\n      ${f.detail}`);
}
console.log(`\n${expected.length} known differences, ${unexpected.length} unexpected failures.`);

if (values.json) {
  writeFileSync(values.json, JSON.stringify({ node, seconds, sample: values.sample, lacking, results }, null, 1));
}
if (unexpected.length > 0 || errors.length > 0) process.exitCode = 1;
console.log(percentageLine(summary.total));
