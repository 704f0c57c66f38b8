// Scenario 4, a hidden call from a green task (a round trip through the event loop) vs a synchronous call
// through a blocking worker bridge (bench/lib/bridge.mjs), both calling the same async implementation;
// then 100 concurrent callers of a 5 ms operation, to show that green tasks overlap and the bridge serialises.
import { compare, compileWorkload, dist, median, nowNs, runChild } from '../lib/common.mjs';
import { createBridge } from '../lib/bridge.mjs';

export const scenario = {
  name: 'bridge',
  title: 'Hidden call vs blocking worker bridge',
  isolates: 'a hidden call\'s suspend/resume through the event loop vs post + Atomics.wait + structured clone to a worker',
  runs: { full: 3, quick: 1 },
  jobs: () => [{ job: 'all' }],
};

const CONCURRENT = 100;
const SLEEP_MS = 5;

async function main({ quick }) {
  const { asAsync, hidden } = await import(dist('index.js'));
  const impls = await import('../lib/bridge-impls.mjs');
  const m = await compileWorkload('bridge.ts');

  const t0 = nowNs();
  const bridge = createBridge(new URL('../lib/bridge-impls.mjs', import.meta.url).href);
  const bridgeEcho = (x) => bridge.call('echo', x);
  bridgeEcho(0);
  const workerStartMs = (nowNs() - t0) / 1e6;

  const echo = hidden(impls.echo);
  const greenMany = asAsync(m.green.callMany);
  if (m.plain.callMany(bridgeEcho, 10) !== 45 || (await greenMany(echo, 10)) !== 45) throw new Error('results differ');
  const units = (n) => n;
  const calls = await compare(
    [
      { name: 'bridge', run: (n) => m.plain.callMany(bridgeEcho, n), units },
      { name: 'green', run: (n) => greenMany(echo, n), units },
    ],
    quick ? { rounds: 3, warmupRounds: 1, sampleMs: 20 } : { rounds: 7, warmupRounds: 1, sampleMs: 60 },
  );

  // Concurrency: 100 callers of a 5 ms async operation, all started at once.
  const sleepGreen = hidden(impls.sleepEcho);
  const greenOnce = asAsync(m.green.callOnce);
  const bridgeSleep = (ms, x) => bridge.call('sleepEcho', ms, x);
  const concurrent = { green: [], bridge: [], greenPeak: 0, bridgePeak: 0 };
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    let t = nowNs();
    await impls.takePeak();
    await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => greenOnce(sleepGreen, SLEEP_MS, i)));
    concurrent.green.push((nowNs() - t) / 1e6);
    concurrent.greenPeak = Math.max(concurrent.greenPeak, await impls.takePeak());
    t = nowNs();
    bridge.call('takePeak');
    await Promise.all(Array.from({ length: CONCURRENT }, async (_, i) => m.plain.callOnce(bridgeSleep, SLEEP_MS, i)));
    concurrent.bridge.push((nowNs() - t) / 1e6);
    concurrent.bridgePeak = Math.max(concurrent.bridgePeak, bridge.call('takePeak'));
  }
  await bridge.close();
  return {
    calls,
    workerStartMs,
    concurrent: { greenMs: median(concurrent.green), bridgeMs: median(concurrent.bridge), greenPeak: concurrent.greenPeak, bridgePeak: concurrent.bridgePeak },
  };
}

const fmtUs = (ns) => (ns === undefined ? '?' : (ns / 1000).toFixed(0));

export function rows(get) {
  const greenPeak = get('concurrent.greenPeak');
  const bridgePeak = get('concurrent.bridgePeak');
  return [
    {
      case: `one call of an async echo, sequential (bridge samples ${fmtUs(get('calls.bridge.min'))}–${fmtUs(get('calls.bridge.max'))} µs)`,
      baseline: { label: 'worker bridge', path: 'calls.bridge.nsPerUnit', unit: 'ns/call' },
      subject: { label: 'hidden call in task', path: 'calls.green.nsPerUnit', unit: 'ns/call' },
      target: { op: '<=', value: 0.01, text: '≤ 0.01× (≥ 100× cheaper)' },
    },
    {
      case: `${CONCURRENT} callers of a ${SLEEP_MS} ms operation at once: wall time (peak in flight: bridge ${bridgePeak}, green ${greenPeak})`,
      baseline: { label: 'worker bridge', path: 'concurrent.bridgeMs', unit: 'ms' },
      subject: { label: 'green tasks', path: 'concurrent.greenMs', unit: 'ms' },
      target: { text: `real concurrency (green peak ${CONCURRENT}, bridge 1)`, met: greenPeak === CONCURRENT && bridgePeak === 1 },
    },
    {
      case: 'worker start + first call (bridge only)',
      baseline: { label: 'worker bridge', path: 'workerStartMs', unit: 'ms' },
      subject: null,
      target: null,
    },
  ];
}

runChild(import.meta, main);
