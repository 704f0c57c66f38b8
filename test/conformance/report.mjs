/**
 * Turns runner results into the figures docs/conformance.md shows: per table row, runs, skipped runs,
 * native passes, transformed passes among them; and sorts transformed failures into known differences
 * (known-differences.json, each with its reason) and unexpected ones.
 */
import { readFileSync } from 'node:fs';
import { runKey } from './test262.mjs';

const knownPath = new URL('./known-differences.json', import.meta.url);

/** `Map<runKey, category>` from known-differences.json. */
export function loadKnown(path = knownPath) {
  const file = JSON.parse(readFileSync(path, 'utf8'));
  const known = new Map();
  for (const category of file.categories) for (const key of category.runs) known.set(key, category);
  return known;
}

/** Rows per group (sorted), and a total row. Skipped tests count their runs as skipped. */
export function summarize(results) {
  const rows = new Map();
  const row = (group) => rows.get(group) ?? rows.set(group, { group, tests: 0, runs: 0, skipped: 0, native: 0, green: 0 }).get(group);
  const skipReasons = new Map();
  for (const result of results) {
    const r = row(result.group);
    r.tests++;
    if (result.skipped) {
      r.skipped += result.variants ?? 1;
      r.runs += result.variants ?? 1;
      const feature = result.skipped.split(':')[0];
      skipReasons.set(feature, { reason: result.skipped, count: (skipReasons.get(feature)?.count ?? 0) + 1 });
      continue;
    }
    for (const run of result.runs) {
      r.runs++;
      if (run.native?.pass) r.native++;
      if (run.native?.pass && run.green?.pass) r.green++;
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.group.localeCompare(b.group));
  const total = { group: 'total', tests: 0, runs: 0, skipped: 0, native: 0, green: 0 };
  for (const r of sorted) for (const k of ['tests', 'runs', 'skipped', 'native', 'green']) total[k] += r[k];
  return { rows: sorted, total, skipReasons };
}

/** Transformed failures of natively passing runs: `{ unexpected, expected, stale }` against `known`. */
export function classify(results, known) {
  const unexpected = [];
  const expected = [];
  const stale = [];
  for (const result of results) {
    for (const run of result.runs) {
      if (!run.native?.pass) continue;
      const key = runKey(result.path, run.variant);
      const category = known.get(key);
      const failed = !run.green?.pass;
      if (failed && category) expected.push({ key, category: category.id, detail: run.green?.detail ?? 'not run' });
      else if (failed) unexpected.push({ key, detail: run.green?.detail ?? 'not run' });
      else if (category) stale.push({ key, category: category.id });
    }
  }
  return { unexpected, expected, stale };
}

export function percent(part, whole) {
  return whole === 0 ? '100.00' : ((100 * part) / whole).toFixed(2);
}

/** A Markdown table of `summarize()`'s rows. */
export function formatTable({ rows, total }) {
  const lines = [
    '| directory | tests | runs | skipped runs | native pass | transformed pass | transformed / native |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of [...rows, total]) {
    const name = r === total ? '**total**' : r.group;
    lines.push(`| ${name} | ${r.tests} | ${r.runs} | ${r.skipped} | ${r.native} | ${r.green} | ${percent(r.green, r.native)}% |`);
  }
  return lines.join('\n');
}

/** The runner's last line: the share of natively passing runs that also pass transformed. */
export function percentageLine(total) {
  return `Transformed: ${percent(total.green, total.native)}% of natively passing runs pass (${total.green} of ${total.native})`;
}
