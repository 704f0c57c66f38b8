// Scenario 5, a request-handler-shaped workload: parse a small JSON body, three calls to an in-memory async
// store, build JSON output. Sync-style with greenhack (each request a green task, via asAsync) vs the same
// handler with async/await. CPU time per request (process.cpuUsage, requests in batches of 64 concurrent),
// and heap per in-flight request (10 000 requests held at their first store call, one child per variant).
import { compare, compileWorkload, dist, runChild, settleHeap } from '../lib/common.mjs';

const BATCH = 64;

export const scenario = {
  name: 'handler',
  title: 'Request handler (3 store calls)',
  isolates: 'task start + 3 suspensions + the twin dispatch of a handler body, vs an async function with 3 awaits',
  runs: { full: 3, quick: 1 },
  nodeFlags: ['--expose-gc'],
  jobs: () => [{ job: 'cpu' }, { job: 'mem-async' }, { job: 'mem-green' }],
};

async function main({ quick, job }) {
  const { asAsync, configure } = await import(dist('index.js'));
  const m = await compileWorkload('handler.ts');
  const green = asAsync(m.green.handle);
  const asyncHandler = m.plain.handleAsync;
  const bodies = m.plain.BODIES;
  for (const body of bodies) {
    const [a, g] = [JSON.parse(await asyncHandler(body)), JSON.parse(await green(body))];
    delete a.order;
    delete g.order;
    if (JSON.stringify(a) !== JSON.stringify(g)) throw new Error(`results differ for ${body}`);
  }

  if (job === 'cpu') {
    // `n` requests, BATCH at a time, all started together and awaited together (as a server would see them).
    const batches = (handler) => async (n) => {
      for (let done = 0; done < n; done += BATCH) {
        const promises = [];
        for (let i = 0; i < BATCH; i++) promises.push(handler(bodies[i]));
        await Promise.all(promises);
      }
    };
    const units = (n) => Math.ceil(n / BATCH) * BATCH;
    const options = quick ? { rounds: 3, warmupRounds: 1, sampleMs: 30 } : { rounds: 9, warmupRounds: 2, sampleMs: 100 };
    const result = await compare(
      [
        { name: 'async', run: batches(asyncHandler), units },
        { name: 'green', run: batches(green), units },
        {
          // Task origins are off by default (on under NODE_ENV=development): what turning them on costs.
          name: 'greenOrigins',
          run: async (n) => {
            configure({ taskOrigins: true });
            try {
              await batches(green)(n);
            } finally {
              configure({ taskOrigins: false });
            }
          },
          units,
        },
      ],
      { ...options, measure: 'cpu' },
    );
    return { cpu: result };
  }

  // Memory: requests held in flight at their first store call.
  const count = quick ? 2_000 : 10_000;
  const start = job === 'mem-async' ? asyncHandler : green;
  const promises = new Array(count).fill(undefined);
  m.plain.closeStore();
  m.green.closeStore();
  const before = await settleHeap();
  for (let i = 0; i < count; i++) promises[i] = start(bodies[i % BATCH]);
  const during = await settleHeap();
  m.plain.openStore();
  m.green.openStore();
  await Promise.all(promises);
  return { [job]: { bytesPerRequest: (during - before) / count, requests: count } };
}

export function rows(get) {
  const cpuBase = { label: 'async/await', path: 'cpu.async.nsPerUnit', unit: 'ns CPU/req' };
  return [
    {
      case: `CPU per request, ${BATCH} concurrent (default config)`,
      baseline: cpuBase,
      subject: { label: 'sync-style, green', path: 'cpu.green.nsPerUnit', unit: 'ns CPU/req' },
      target: { op: '<=', value: 1.0, text: '≤ 1.0×' },
    },
    {
      case: 'same, configure({ taskOrigins: true })',
      baseline: cpuBase,
      subject: { label: 'green, with origins', path: 'cpu.greenOrigins.nsPerUnit', unit: 'ns CPU/req' },
      target: null,
    },
    {
      case: `heap per in-flight request (${get('mem-async.requests')} held at the first store call)`,
      baseline: { label: 'async/await', path: 'mem-async.bytesPerRequest', unit: 'B/req' },
      subject: { label: 'sync-style, green', path: 'mem-green.bytesPerRequest', unit: 'B/req' },
      target: null,
    },
  ];
}

runChild(import.meta, main);
