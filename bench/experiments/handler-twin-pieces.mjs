// Experiment: what the scenario-5 handler's twin pays beyond the same handler written by hand as a
// generator, piece by piece. Variants, all run to their end in one process, interleaved, many short rounds:
// - `emitted twin`: the twin as the transform writes it;
// - `hand-written`: `yield* getUser[T](…)` for the hidden calls, everything else as in the original;
// - `emitted, sum plain`: the emitted twin with `sum(lines)` called plainly (what `sum`'s twin costs);
// - `emitted, hidden direct`: the emitted twin with the hidden calls written as in `hand-written`;
// - with GREENHACK_BENCH_DIST_OLD=<an older dist/>: `older twin`, that build's transform of the same file
//   (run under this build's runtime; an older site reading the callbacks-only mark on the twin finds it).
// Two modes. Default: the store's hidden calls complete synchronously (no promise, no driver), and the
// handler neither parses nor stringifies JSON (its body arrives parsed, its result is returned as an
// object): only what the twin adds is left, wall ns per request. MODE=async: the real handler and store,
// 64 requests at once under bench/lib/common.mjs's minimal driver, CPU ns per request, with async/await.
// It prints the minimum, 10th percentile and median per variant (the machine is shared).
// Usage: node scripts/build.mjs && node bench/experiments/handler-twin-pieces.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchDir, dist, driveMinimally, tmpDir } from '../lib/common.mjs';

const sync = process.env.MODE !== 'async';
await import(dist('index.js'));
const T = Symbol.for('greenhack.twin');
const C = Symbol.for('greenhack.callbacksOnly');

let source = readFileSync(join(benchDir, 'workloads', 'handler.ts'), 'utf8');
const hand = `
export const handWritten = function* (body) {
  const request = JSON.parse(body);
  const user = yield* getUser[__ghT](request.userId);
  if (!user) return JSON.stringify({ error: "no such user" });
  const items = yield* getItems[__ghT](request.lines.map((line) => line.itemId));
  const lines = request.lines.map((line, i) => price(line, items[i]));
  const total = sum(lines);
  const saved = yield* putOrder[__ghT]({ userId: user.id, total, lines });
  return JSON.stringify({ order: saved.id, customer: user.name, zone: user.zone, lines, total, eta: saved.eta });
};
`;
const withoutJson = (text) => text.replaceAll('JSON.parse(body)', 'body').replaceAll('JSON.stringify(', '(');
const replaceOnce = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`handler.ts changed: update this experiment (no ${from})`);
  return text.replace(from, to);
};
if (sync) {
  source = replaceOnce(source, 'const getUser = hidden(findUser);', 'const getUser = hidden((id: number) => users.get(id));');
  source = replaceOnce(source, 'const getItems = hidden(findItems);', 'const getItems = hidden((ids: number[]) => ids.map((id) => menu.get(id)!));');
  source = replaceOnce(source, 'const putOrder = hidden(saveOrder);', 'const putOrder = hidden((order: { lines: PricedLine[] }) => ({ id: ++orderCount, eta: 15 + (order.lines.length % 4) * 5 }));');
  source = withoutJson(source);
}

/** The emitted twin's body with some of its call sites written as in the hand-written generator. */
const edits = {
  'emitted, sum plain': [[/\(__gh1 = sum, [^\n]*?__gh0 \? \(yield\* __gh1\) : __gh1\);/, 'sum(lines);']],
  'emitted, hidden direct': [
    [/\(__gh1 = getUser, __gh1 = \(\(.*?\)\)\)\(request\.userId\), __gh0 \? \(yield\* __gh1\) : __gh1\)/, '(yield* getUser[__ghT](request.userId))'],
    [/\(__gh1 = getItems, __gh1 = \(\(.*?"getItems"\)\)\)\((.*)\), __gh0 \? \(yield\* __gh1\) : __gh1\);/, '(yield* getItems[__ghT]($1));'],
    [/\(__gh1 = putOrder, __gh1 = \(\(.*?\)\)\)\(\{/, '(yield* putOrder[__ghT]({'],
    [/\}\), __gh0 \? \(yield\* __gh1\) : __gh1\);/, '}));'],
  ],
};
function editedTwins(code) {
  const twin = /\(handle\[__ghT\] = \(\{\*"handle"\(body\) \{([\s\S]*?)\n\}\}\)\["handle"\]\)/.exec(code);
  if (!twin) throw new Error("the handler's twin changed shape: update this experiment");
  let out = '\nexport const edited = {};\n';
  for (const [name, steps] of Object.entries(edits)) {
    let body = twin[1];
    for (const [pattern, to] of steps) {
      if (!pattern.test(body)) throw new Error(`${name}: the twin has no ${pattern}`);
      body = body.replace(pattern, to);
    }
    out += `edited[${JSON.stringify(name)}] = function* (body) {${body}\n};\n`;
  }
  return out;
}

async function compile(distUrl, stem, extra) {
  const { transform } = await import(new URL('transform/index.js', distUrl).href);
  const code = transform(source, { filename: join(benchDir, 'workloads', 'handler.ts') }).code;
  const linked = code.replace(/(from\s*)(["'])greenhack\2/g, (_, from) => `${from}${JSON.stringify(dist('index.js'))}`);
  mkdirSync(tmpDir, { recursive: true });
  const path = join(tmpDir, `handler-pieces.${stem}.${sync ? 'sync' : 'async'}.mjs`);
  writeFileSync(path, linked + (sync ? withoutJson(hand) : hand) + extra(code));
  return import(pathToFileURL(path).href);
}
const current = await compile(new URL('./', dist('index.js')), 'current', editedTwins);
const variants = { 'emitted twin': current.handle[T], 'hand-written': current.handWritten, ...current.edited };
const old = process.env.GREENHACK_BENCH_DIST_OLD;
if (old) {
  // Older builds read the callbacks-only mark on the built-in's twin; this runtime puts it on the built-in.
  for (const home of [Array.prototype, Array, Map.prototype, Set.prototype]) {
    for (const key of Reflect.ownKeys(home)) {
      const value = Object.getOwnPropertyDescriptor(home, key)?.value;
      if (typeof value === 'function' && value[C] === value && value[T]) Object.defineProperty(value[T], C, { value: true, configurable: true });
    }
  }
  const runtime = globalThis[Symbol.for('greenhack.runtime')];
  runtime.args ??= (...args) => args;
  const older = await compile(pathToFileURL(join(old, '/')), 'older', () => '');
  variants['older twin'] = older.handle[T];
}

const bodies = current.BODIES;
const list = [];
if (sync) {
  for (const [name, twin] of Object.entries(variants)) list.push({ name, run: (n) => { for (let i = 0; i < n; i++) twin(bodies[i & 63]).next(); } });
} else {
  const batches = (handler) => async (n) => {
    for (let done = 0; done < n; done += 64) {
      const promises = [];
      for (let i = 0; i < 64; i++) promises.push(handler(bodies[i]));
      await Promise.all(promises);
    }
  };
  list.push({ name: 'async/await', run: batches(current.handleAsync) });
  for (const [name, twin] of Object.entries(variants)) list.push({ name, run: batches((body) => driveMinimally(twin(body))) });
}
// Every variant answers as the hand-written one does (but for the order number, a counter).
const answer = (value) => JSON.stringify({ ...(typeof value === 'string' ? JSON.parse(value) : value), order: 0 });
const expected = answer(sync ? variants['hand-written'](bodies[3]).next().value : await current.handleAsync(bodies[3]));
for (const [name, twin] of Object.entries(variants)) {
  const value = answer(sync ? twin(bodies[3]).next().value : await driveMinimally(twin(bodies[3])));
  if (value !== expected) throw new Error(`${name} returned ${value}, not ${expected}`);
}

const n = sync ? 5000 : 640;
const times = list.map(() => []);
for (let round = 0; round < 220; round++) {
  for (let k = 0; k < list.length; k++) {
    const j = (k + round) % list.length;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await list[j].run(n);
    const c = process.cpuUsage(c0);
    const ns = sync ? (performance.now() - t0) * 1e6 : (c.user + c.system) * 1e3;
    if (round >= 20) times[j].push(ns / n);
  }
}
const at = (sorted, p) => sorted[Math.floor(sorted.length * p)];
console.log(`${sync ? 'twin only, sync store, no JSON: wall' : 'handler under the minimal driver: CPU'} ns per request (min / p10 / median)`);
list.forEach(({ name }, j) => {
  const sorted = times[j].sort((a, b) => a - b);
  console.log(`  ${name.padEnd(24)} ${[0, 0.1, 0.5].map((p) => at(sorted, p).toFixed(0).padStart(5)).join(' / ')}`);
});
