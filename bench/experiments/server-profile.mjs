// Experiment: where the HTTP scenario's servers spend their CPU. Runs the `server` scenario's children
// (bench/lib/server-child.mjs, async/await and green) under autocannon, alternating, and prints per round
// requests/s and the server process's own CPU per request (utime + stime from /proc, so the load generator
// on the other core is not counted). With --profile, each server also runs under --cpu-prof and its self
// time is summarised by place (greenhack runtime, compiled handler, Node internals, GC, idle).
// Usage: node scripts/build.mjs && node bench/experiments/server-profile.mjs [rounds=3] [seconds=4] [--profile]
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWorkload, median } from '../lib/common.mjs';
import { summarize } from '../lib/profile-summary.mjs';

const args = process.argv.slice(2);
const profile = args.includes('--profile');
const [rounds = 3, seconds = 4] = args.filter((a) => !a.startsWith('--')).map(Number);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const m = await compileWorkload('handler.ts');
const { default: autocannon } = await import('autocannon');
const requests = m.plain.BODIES.slice(0, 16).map((body) => ({ method: 'POST', path: '/order', headers: { 'content-type': 'application/json' }, body }));
const serverChild = fileURLToPath(new URL('../lib/server-child.mjs', import.meta.url));

function cpuTicks(pid) {
  // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime and stime.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function serve(variant, profileDir) {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...flags, serverChild, variant], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /LISTENING (\d+)/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${variant} server exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await autocannon({ url, connections: 64, duration: 1, requests }); // warm-up
  const before = cpuTicks(child.pid);
  const result = await autocannon({ url, connections: 64, duration: seconds, requests });
  const cpuMs = ((cpuTicks(child.pid) - before) * 1000) / TICKS_PER_SECOND;
  // SIGTERM: the child exits through process.exit, which writes its profile.
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { rps: result.requests.average, usPerRequest: (cpuMs * 1000) / result.requests.total };
}

const variants = ['async', 'green'];
const seen = { async: [], green: [] };
const dirs = { async: [], green: [] };
for (let round = 0; round < rounds; round++) {
  for (const variant of round % 2 ? [...variants].reverse() : variants) {
    const dir = profile ? mkdtempSync(join(tmpdir(), `server-${variant}-`)) : undefined;
    if (dir) dirs[variant].push(dir);
    seen[variant].push(await serve(variant, dir));
  }
  const [a, g] = [seen.async[round], seen.green[round]];
  console.log(`round ${round + 1}: req/s async ${a.rps.toFixed(0)}, green ${g.rps.toFixed(0)} (${(g.rps / a.rps).toFixed(2)}×); server CPU µs/request async ${a.usPerRequest.toFixed(2)}, green ${g.usPerRequest.toFixed(2)} (${(g.usPerRequest / a.usPerRequest).toFixed(2)}×)`);
}
const ratio = (key) => median(seen.green.map((g, i) => g[key] / seen.async[i][key])).toFixed(2);
console.log(`median of rounds: req/s green ÷ async ${ratio('rps')}×, server CPU per request ${ratio('usPerRequest')}×`);
if (profile) {
  for (const variant of variants) {
    const files = dirs[variant].flatMap((dir) => readdirSync(dir).map((f) => join(dir, f)));
    console.log(`\n== ${variant} server, ${files.length} profile(s)\n${summarize(files, 15)}`);
  }
}
