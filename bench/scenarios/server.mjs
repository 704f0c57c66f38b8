// Scenario 7, the demo-shaped endpoint over real HTTP: the request-handler workload (JSON in, 3 store
// calls, JSON out) served by node:http on loopback, sync-style with greenhack vs async/await vs a sync
// handler whose store calls go through a blocking worker bridge; autocannon, 64 connections. Each server
// runs in its own process (bench/lib/server-child.mjs); the variants alternate, round by round.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileWorkload, median, runChild } from '../lib/common.mjs';

export const scenario = {
  name: 'server',
  title: 'HTTP endpoint, 64 connections',
  isolates: 'requests/s of the handler behind node:http: green tasks vs async/await vs a worker-bridge sync handler (server and load generator in separate processes on 2 shared cores)',
  runs: { full: 3, quick: 1 },
  jobs: () => [{ job: 'all' }],
};

const VARIANTS = ['async', 'green', 'bridge'];

function startServer(variant) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../lib/server-child.mjs', import.meta.url)), variant], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /LISTENING (\d+)/.exec(text);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${variant} server exited (${code})`)));
  });
}

async function load(port, bodies, seconds) {
  const { default: autocannon } = await import('autocannon');
  const requests = bodies.map((body) => ({ method: 'POST', path: '/order', headers: { 'content-type': 'application/json' }, body }));
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: 64, duration: seconds, requests });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`server answered ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

async function main({ quick }) {
  const m = await compileWorkload('handler.ts');
  const bodies = m.plain.BODIES.slice(0, 16);
  const rounds = quick ? 1 : 3;
  const rps = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
    for (const variant of order) {
      const { child, port } = await startServer(variant);
      try {
        await load(port, bodies, 1); // warm-up
        rps[variant].push(await load(port, bodies, quick ? 1 : 3));
      } finally {
        child.kill('SIGTERM');
      }
    }
  }
  const out = {};
  for (const v of VARIANTS) out[v] = { rps: median(rps[v]), samples: rps[v] };
  // Per-round ratios, so each pair was measured minutes apart at most.
  out.greenVsAsync = median(rps.green.map((g, i) => g / rps.async[i]));
  out.greenVsBridge = median(rps.green.map((g, i) => g / rps.bridge[i]));
  return out;
}

export function rows(get) {
  return [
    {
      case: 'sync-style green vs async/await (req/s, higher is better)',
      baseline: { label: 'async/await', path: 'async.rps', unit: 'req/s' },
      subject: { label: 'green', path: 'green.rps', unit: 'req/s' },
      ratio: get('greenVsAsync'),
      target: { op: '>=', value: 0.95, text: '≥ 0.95×' },
    },
    {
      case: 'sync-style green vs worker-bridge sync handler (req/s)',
      baseline: { label: 'bridge', path: 'bridge.rps', unit: 'req/s' },
      subject: { label: 'green', path: 'green.rps', unit: 'req/s' },
      ratio: get('greenVsBridge'),
      target: { op: '>=', value: 10, text: '≥ 10×' },
    },
  ];
}

runChild(import.meta, main);
