// Experiment: an upper bound, by UNSOUND edits of the compiled postcss (for measurement only): inside a
// task, the chosen functions with their twins removed (callers then call the originals, as if the analysis
// had proved them plain), or with twins that only run the original (what a guard that always passes costs:
// a generator per call). Interleaved rounds in one process; each ÷ the untransformed library.
// Usage: node scripts/build.mjs && node bench/experiments/twin-removal-bound.mjs [rounds] [name[@file.js],…]
//        (file defaults to tokenize.js; class methods are not handled)
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileWorkload, dist, median } from '../lib/common.mjs';
import { LIBRARIES, loadLibrary, removeLibraryCopies } from '../lib/libraries.mjs';
const rounds = Number(process.argv[2] ?? 9);
const { asAsync } = await import(dist('index.js'));
const app = await compileWorkload('libs-app.ts');
const lib = await loadLibrary('postcss');
const names = (process.argv[3] ?? 'nextToken').split(',');
function edit(kind) {
  const dir = `${lib.dirs.green}-${kind}`;
  cpSync(lib.dirs.green, dir, { recursive: true });
  for (const [file, fns] of Object.entries(groupByFile(names))) {
    const path = join(dir, 'lib', file);
    let code = readFileSync(path, 'utf8');
    for (const name of fns) {
      let from = 0;
      for (;;) {
        const start = code.indexOf(`;(${name}[__ghT] = ({*"${name}"(`, from);
        if (start < 0) break;
        const endMark = `}})["${name}"])[__ghO] = ${name};`;
        const end = code.indexOf(endMark, start) + endMark.length;
        const params = code.slice(code.indexOf('(', start + name.length + 20) + 1, code.indexOf(')', start + name.length + 20));
        const replacement = kind === 'notwin' ? ';' : `;(${name}[__ghT] = ({*"${name}"(${params}) { return ${name}(${params}) }})["${name}"])[__ghO] = ${name};`;
        code = code.slice(0, start) + replacement + code.slice(end);
        from = start + replacement.length;
      }
    }
    writeFileSync(path, code);
  }
  return createRequire(join(dir, 'package.json'))(join(dir, LIBRARIES.postcss.entry));
}
function groupByFile(list) { const out = {}; for (const n of list) { const [fn, file] = n.includes('@') ? n.split('@') : [n, 'tokenize.js']; (out[file] ??= []).push(fn); } return out; }
const notwin = edit('notwin');
const wrap = edit('wrap');
const css = app.plain.makeCss(300);
const task = asAsync(app.green.inTask);
const variants = {
  untransformed: (n) => app.plain.runPostcss(lib.plain, css, n),
  'inside': (n) => task(app.green.runPostcss, lib.green, css, n),
  'inside, no twin': (n) => task(app.green.runPostcss, notwin, css, n),
  'inside, wrapper twin': (n) => task(app.green.runPostcss, wrap, css, n),
};
const keys = Object.keys(variants);
const times = new Map(keys.map((k) => [k, []]));
for (let round = 0; round < rounds + 2; round++) for (let i = 0; i < keys.length; i++) {
  const k = keys[(i + round) % keys.length]; const t0 = process.hrtime.bigint(); await variants[k](8);
  if (round >= 2) times.get(k).push(Number(process.hrtime.bigint() - t0) / 8 / 1e3);
}
const ratio = (a, b) => median(times.get(a).map((t, i) => t / times.get(b)[i])).toFixed(2);
for (const k of keys) console.log(`${k.padEnd(24)} ${median(times.get(k)).toFixed(0).padStart(7)} µs/op ÷ untransformed ${ratio(k, 'untransformed')}×`);
for (const kind of ['notwin', 'wrap']) rmSync(`${lib.dirs.green}-${kind}`, { recursive: true, force: true });
removeLibraryCopies(lib);
