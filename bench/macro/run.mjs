// The macro benchmark: POST /orders of the food-delivery demo (save, call the kitchen, notify, save, answer)
// under autocannon, three ways: the sync-style view on greenhack, the same view written with async/await
// (the baseline), and the sync-style view on the worker bridge (GREENHACK_MODE=sync). See README.md here.
//
//   node bench/macro/run.mjs                         # PGlite; writes bench/macro/results/
//   DATABASE_URL=postgres://… node bench/macro/run.mjs   # the same on a PostgreSQL server
//   options: --seconds=5 --connections=1,64,256 --kitchen-delay-ms=5 --no-write --out=file.json
//   env: BENCH_MACRO_SECONDS (longer runs), BENCH_MACRO_KITCHEN_DELAY_MS
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './report.mjs';
import { renderChart } from './chart.mjs';
import { cpuSeconds, peakRssMiB, startVariant } from './service.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export const VARIANTS = [
  { name: 'async/await', view: 'async', mode: 'async' },
  { name: 'greenhack sync-style', view: 'sync', mode: 'async' },
  { name: 'worker bridge', view: 'sync', mode: 'sync' },
];

function option(name, fallback) {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 3);
}

function positive(name, text) {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${JSON.stringify(text)}.`);
  return value;
}

const seconds = positive('--seconds', option('seconds', process.env.BENCH_MACRO_SECONDS || '5'));
const kitchenDelayMs = positive('--kitchen-delay-ms', option('kitchen-delay-ms', process.env.BENCH_MACRO_KITCHEN_DELAY_MS || '5'));
const levels = option('connections', '1,64,256').split(',').map((text) => Math.round(positive('--connections', text)));
const databaseUrl = process.env.DATABASE_URL || 'pglite://memory';
const database = databaseUrl.startsWith('pglite') ? 'pglite' : 'postgres';
const write = !process.argv.includes('--no-write');

function measure(service, connections, duration) {
  return autocannon({
    url: new URL('/orders', service.url).href,
    method: 'POST',
    headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ dish: 'ramen', quantity: 1 }),
    connections,
    duration,
    timeout: 30,
  });
}

async function main() {
  const started = new Date();
  const services = [];
  const rows = [];
  try {
    for (const variant of VARIANTS) services.push(await startVariant(root, variant, { kitchenDelayMs, databaseUrl }));
    // A short warm-up each (JIT, PGlite's first queries), not measured.
    for (const service of services) await measure(service, 8, Math.min(2, seconds));
    for (const [round, connections] of levels.entries()) {
      // The order rotates per level, so background load does not always fall on the same variant.
      for (let k = 0; k < VARIANTS.length; k++) {
        const index = (k + round) % VARIANTS.length;
        const service = services[index];
        const cpuBefore = cpuSeconds(service.pid);
        const result = await measure(service, connections, seconds);
        const cpu = cpuSeconds(service.pid) - cpuBefore;
        const completed = result['2xx'];
        const row = {
          variant: VARIANTS[index].name, connections, seconds,
          requestsPerSecond: result.requests.total / result.duration,
          p50Ms: result.latency.p50, p99Ms: result.latency.p99,
          cpuMsPerRequest: completed > 0 ? (cpu * 1000) / completed : NaN,
          peakRssMiB: peakRssMiB(service.pid),
          requests: result.requests.total, ok: completed, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx,
        };
        rows.push(row);
        process.stdout.write(`${row.variant.padEnd(22)} ${String(connections).padStart(4)} conn  ${row.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${row.p50Ms} ms  p99 ${row.p99Ms} ms  ${row.cpuMsPerRequest.toFixed(3)} ms CPU/req  ${row.peakRssMiB.toFixed(0)} MiB  errors ${row.errors}+${row.timeouts} non-2xx ${row.non2xx}\n`);
      }
    }
  } finally {
    await Promise.all(services.map((service) => service.stop()));
  }
  const failed = rows.filter((row) => row.errors + row.timeouts + row.non2xx > 0 || row.ok === 0);
  const report = {
    date: started.toISOString(), database, kitchenDelayMs, seconds, connections: levels,
    machine: { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), loadAverageAtStart: loadavg().map((n) => +n.toFixed(2)) },
    commit: gitCommit(), rows,
  };
  const markdown = renderMarkdown(report);
  process.stdout.write(`\n${markdown}\n`);
  const out = option('out', undefined);
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  if (failed.length > 0) {
    process.stderr.write(`macro bench FAILED: ${failed.map((row) => `${row.variant} at ${row.connections} connections: ${row.errors} errors, ${row.timeouts} timeouts, ${row.non2xx} non-2xx, ${row.ok} ok`).join('; ')}\n`);
    process.exitCode = 1;
    return;
  }
  if (write) {
    const dir = join(here, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${database}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(dir, `${database}.md`), `${markdown}\n`);
    renderChart(dir);
    process.stdout.write(`wrote bench/macro/results/${database}.{json,md} and the chart\n`);
  }
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

main().catch((error) => {
  process.stderr.write(`macro bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
