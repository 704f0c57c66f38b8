// One variant of the food-delivery service as a child process (`greenhack run examples/food-delivery/main.ts`,
// as `npm start` runs it; the kitchen is its own grandchild, so it is not counted), and what /proc says
// about that process: CPU ticks and peak RSS. Linux only, which is where the benchmark runs.
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** user + system CPU seconds of `pid`, its threads included (the bridge worker, GC, libuv). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Peak resident set of `pid` so far, in MiB (VmHWM). */
export function peakRssMiB(pid) {
  const found = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return found ? Number(found[1]) / 1024 : NaN;
}

/** Starts a variant; resolves with { url, token, pid, stop() } once it listens and a session is issued. */
export async function startVariant(root, variant, settings) {
  const env = { ...process.env, NODE_OPTIONS: '', PORT: '0', HOST: '127.0.0.1', VIEW: variant.view, GREENHACK_MODE: variant.mode, KITCHEN_DELAY_MS: String(settings.kitchenDelayMs), SESSION_SECRET: 'macro-bench-session-secret', NODE_ENV: 'production', DATABASE_URL: settings.databaseUrl };
  for (const name of ['KITCHEN_URL', 'KITCHEN_CLOSED', 'INSTANCES', 'NODE_TEST_CONTEXT']) delete env[name];
  const child = spawn(process.execPath, [join(root, 'dist/cli/main.js'), 'run', join(root, 'examples/food-delivery/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${variant.name} did not start within 120 s:\n${output}`)), 120_000);
    const look = () => {
      const found = /running at (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${variant.name} exited (${signal ?? code}) before it listened:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  const reply = await fetch(new URL('/session', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"customer":"bench"}' });
  if (reply.status !== 201) {
    await stop();
    throw new Error(`${variant.name}: POST /session answered ${reply.status}: ${await reply.text()}`);
  }
  const { token } = await reply.json();
  return { url, token, pid: child.pid, output: () => output, stop };
}
