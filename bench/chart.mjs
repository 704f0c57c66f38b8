#!/usr/bin/env node
// Draws the ratios of a bench run as an SVG bar chart (no dependencies): one bar per table row that has a
// ratio, on a log scale centred on 1.0× (left of it: greenhack cheaper than its baseline; right: dearer),
// a tick at the row's target, green when the target is met and red when not, grey without a target.
//
//   node bench/chart.mjs [results.json] [out.svg]   (default: bench/results/latest.json → bench/results/chart.svg)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(fileURLToPath(new URL('.', import.meta.url)), 'results');

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SVG text for a stored run (the object `run.mjs` writes). */
export function chart(report) {
  const rows = [];
  for (const scenario of report.scenarios) {
    for (const row of scenario.rows) {
      if (typeof row.ratio !== 'number' || !Number.isFinite(row.ratio) || !row.subject) continue;
      if (row.baseline?.unit === 'bytes') continue; // code size is not a speed ratio; the tables have it
      // Rows whose target is a minimum (requests/s) are "higher is better": marked so.
      const higher = row.target?.op === '>=' ? ' (↑ better)' : '';
      rows.push({ label: `${scenario.title}: ${row.case.replace(/ \(.*\)$/, '')}${higher}`, ratio: row.ratio, target: row.target, met: row.met });
    }
  }
  const MIN = 0.01;
  const MAX = 30;
  const width = 1000;
  const labelWidth = 520;
  const plotWidth = width - labelWidth - 90;
  const rowHeight = 22;
  const top = 72;
  const height = top + rows.length * rowHeight + 40;
  const x = (ratio) => labelWidth + ((Math.log10(Math.min(MAX, Math.max(MIN, ratio))) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN))) * plotWidth;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  const m = report.machine;
  out.push(`<text x="10" y="20" font-size="15" font-weight="bold">greenhack bench: greenhack ÷ baseline (log scale; left of 1.0× is cheaper, except rows marked ↑)</text>`);
  out.push(`<text x="10" y="38" fill="#555">${escape(`${report.date.slice(0, 10)}, Node ${m.node}, ${m.cpu}, ${m.cores} cores, commit ${report.commit}${report.loadAverage ? `, load average ${report.loadAverage.start[0]}–${report.loadAverage.end?.[0] ?? '?'}` : ''}.`)}</text>`);
  out.push(`<text x="10" y="54" fill="#555">Bar green: target met; red: missed; grey: no target. Black tick: the target.</text>`);
  for (const tick of [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]) {
    out.push(`<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${top - 6}" y2="${top + rows.length * rowHeight}" stroke="${tick === 1 ? '#000' : '#ddd'}"/>`);
    out.push(`<text x="${x(tick).toFixed(1)}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle" fill="#555">${tick}×</text>`);
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const colour = row.met === true ? '#2e9d4f' : row.met === false ? '#d0453a' : '#999';
    const [a, b] = [x(1), x(row.ratio)].sort((p, q) => p - q);
    out.push(`<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escape(row.label.length > 80 ? `${row.label.slice(0, 79)}…` : row.label)}</text>`);
    out.push(`<rect x="${a.toFixed(1)}" y="${y + 4}" width="${Math.max(1, b - a).toFixed(1)}" height="${rowHeight - 8}" fill="${colour}"/>`);
    const target = row.target?.value;
    if (typeof target === 'number') out.push(`<line x1="${x(target).toFixed(1)}" x2="${x(target).toFixed(1)}" y1="${y + 1}" y2="${y + rowHeight - 1}" stroke="#000" stroke-width="2"/>`);
    const text = row.ratio < 0.1 ? row.ratio.toFixed(3) : row.ratio.toFixed(2);
    out.push(`<text x="${(Math.max(x(row.ratio), x(1)) + 6).toFixed(1)}" y="${y + 15}">${text}×</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const input = process.argv[2] ?? join(resultsDir, 'latest.json');
  const output = process.argv[3] ?? join(resultsDir, 'chart.svg');
  writeFileSync(output, chart(JSON.parse(readFileSync(input, 'utf8'))));
  console.log(`Wrote ${output}`);
}
