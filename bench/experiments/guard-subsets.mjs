// Experiment: what a receiver guard costs per entry from a twin. An exported class of twelve small
// methods, each resolving `this.m()` calls; a loop in a twin (it calls a callback it is given) calls one
// small method, `area()`, per iteration. Inside a task ÷ the same compiled code outside, interleaved rounds
// in one process. Run with builds of three commits (GREENHACK_BENCH_DIST): b6434ec, whose guard checks every
// name the class's methods resolved; c77ba78, which checks only those `area`'s plain run relies on
// (plan-receivers.ts, guardedUses); and later ones, which give `area` no guard at all, since its plain run
// reaches no twin and runs no loop (plan-suspension.ts, guardsThatPay): the full twin is cheaper.
// Usage: node bench/experiments/guard-subsets.mjs [rounds]   (GREENHACK_BENCH_DIST=<dist> for another build)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, median, tmpDir } from '../lib/common.mjs';

const SOURCE = `
export class Box {
  constructor(w, h, name) { this.w = w; this.h = h; this.name = name }
  width() { return this.w }
  height() { return this.h }
  area() { return this.width() * this.height() }
  perimeter() { return 2 * (this.width() + this.height()) }
  label() { return this.name.trim() }
  title() { return this.label().length + this.area() }
  ratio() { return this.width() / this.height() }
  grow(n) { return this.area() + n * this.perimeter() }
  shrink(n) { return this.area() - n }
  fits(n) { return this.area() <= n && this.ratio() < 4 }
  score() { return this.title() + this.grow(1) + this.shrink(1) }
  describe() { return this.label().length + this.score() }
}
export function loop(box, n, tick) {
  let sum = 0
  for (let i = 0; i < n; i++) sum += box.area()
  tick()
  return sum
}
`;
const { transform } = await import(dist('transform/index.js'));
const { asAsync } = await import(dist('index.js'));
const path = join(tmpDir, `guard-subsets.${process.pid}.mjs`);
const { code } = transform(SOURCE, { filename: path });
writeFileSync(path, code);
const m = await import(pathToFileURL(path).href);
console.log('area\'s guard:', /fast\(this, \S+?(, \d+)?\)\) return \S+\.m\["area"\]/.exec(code)?.[0] ?? 'none');
const box = new m.Box(3, 4, ' box ');
const inTask = asAsync(m.loop);
const N = 20_000;
const tick = () => {};
const rounds = Number(process.argv[2] ?? 15);
const ratios = [];
for (let r = 0; r < rounds; r++) {
  let t0 = process.hrtime.bigint();
  m.loop(box, N, tick);
  const outside = Number(process.hrtime.bigint() - t0);
  t0 = process.hrtime.bigint();
  await inTask(box, N, tick);
  const inside = Number(process.hrtime.bigint() - t0);
  if (r >= 3) ratios.push([inside / N, outside / N]);
}
const inside = median(ratios.map(([i]) => i));
const outside = median(ratios.map(([, o]) => o));
console.log(`per call of area(): inside a task ${inside.toFixed(1)} ns, outside ${outside.toFixed(1)} ns, ratio ${median(ratios.map(([i, o]) => i / o)).toFixed(1)}×`);
