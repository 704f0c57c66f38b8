// Draws bench/macro/results/chart.svg from the stored results (pglite.json, postgres.json, whichever
// exist): requests/s of each variant at each connection count, one panel per database. Plain SVG text,
// no dependencies. `node bench/macro/chart.mjs` redraws it without running anything.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COLOURS = { 'async/await': '#6b7280', 'greenhack sync-style': '#16a34a', 'worker bridge': '#dc2626' };
const PANEL = { width: 420, height: 260, left: 56, bottom: 46, top: 40 };

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

function panel(report, x0) {
  const variants = Object.keys(COLOURS);
  const levels = report.connections;
  const max = Math.max(...report.rows.map((row) => row.requestsPerSecond)) * 1.15;
  const plotWidth = PANEL.width - PANEL.left - 10;
  const plotHeight = PANEL.height - PANEL.top - PANEL.bottom;
  const groupWidth = plotWidth / levels.length;
  const barWidth = (groupWidth - 16) / variants.length;
  const y = (value) => PANEL.top + plotHeight - (value / max) * plotHeight;
  const parts = [`<text x="${x0 + PANEL.width / 2}" y="20" text-anchor="middle" font-weight="bold">${escape(report.database === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server')}</text>`];
  parts.push(`<line x1="${x0 + PANEL.left}" y1="${y(0)}" x2="${x0 + PANEL.left + plotWidth}" y2="${y(0)}" stroke="#333"/>`);
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max / 1.15) * (tick / 4);
    parts.push(`<text x="${x0 + PANEL.left - 6}" y="${y(value) + 4}" text-anchor="end" font-size="10">${Math.round(value)}</text>`);
    parts.push(`<line x1="${x0 + PANEL.left}" y1="${y(value)}" x2="${x0 + PANEL.left + plotWidth}" y2="${y(value)}" stroke="#e5e7eb"/>`);
  }
  levels.forEach((connections, g) => {
    const gx = x0 + PANEL.left + g * groupWidth + 8;
    variants.forEach((variant, v) => {
      const row = report.rows.find((r) => r.variant === variant && r.connections === connections);
      if (!row) return;
      const top = y(row.requestsPerSecond);
      parts.push(`<rect x="${gx + v * barWidth}" y="${top}" width="${barWidth - 2}" height="${y(0) - top}" fill="${COLOURS[variant]}"><title>${escape(variant)}, ${connections} connections: ${Math.round(row.requestsPerSecond)} req/s</title></rect>`);
      parts.push(`<text x="${gx + v * barWidth + barWidth / 2 - 1}" y="${top - 3}" text-anchor="middle" font-size="9">${Math.round(row.requestsPerSecond)}</text>`);
    });
    parts.push(`<text x="${gx + (groupWidth - 16) / 2}" y="${y(0) + 16}" text-anchor="middle" font-size="11">${connections} conn</text>`);
  });
  parts.push(`<text x="${x0 + 14}" y="${PANEL.top + plotHeight / 2}" transform="rotate(-90 ${x0 + 14} ${PANEL.top + plotHeight / 2})" text-anchor="middle" font-size="11">requests/s</text>`);
  return parts.join('\n');
}

/** Writes `dir`/chart.svg from the results there; returns its path, or undefined when there are none. */
export function renderChart(dir) {
  const reports = ['pglite', 'postgres'].map((name) => join(dir, `${name}.json`)).filter(existsSync).map((file) => JSON.parse(readFileSync(file, 'utf8')));
  if (reports.length === 0) return undefined;
  const width = PANEL.width * reports.length;
  const height = PANEL.height + 24;
  const legend = Object.entries(COLOURS).map(([variant, colour], i) => `<rect x="${10 + i * 170}" y="${PANEL.height + 4}" width="12" height="12" fill="${colour}"/><text x="${28 + i * 170}" y="${PANEL.height + 14}" font-size="11">${escape(variant)}</text>`).join('\n');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<title>food-delivery POST /orders: requests per second by variant and connections</title>
<rect width="100%" height="100%" fill="#fff"/>
${reports.map((report, i) => panel(report, i * PANEL.width)).join('\n')}
${legend}
</svg>
`;
  const file = join(dir, 'chart.svg');
  writeFileSync(file, svg);
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = renderChart(join(dirname(fileURLToPath(import.meta.url)), 'results'));
  console.log(file ? `wrote ${file}` : 'no results to draw');
}
