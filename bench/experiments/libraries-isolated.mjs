// Experiment: the libraries outside tasks with each variant alone in its process. The scenario runs the
// untransformed copy, an A/A copy and the compiled copy in one process, where they share the app's call
// sites and the built-ins' feedback; an application holds one copy. Here each child process loads the
// libraries but runs one variant (untransformed, or compiled and called outside tasks), and the children
// alternate. Prints per library the median ns/op of each variant over the children, and their ratio.
// Usage: node bench/experiments/libraries-isolated.mjs [children per variant, default 6]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compare, compileWorkload, median } from '../lib/common.mjs';
import { LIBRARIES, loadLibrary, removeLibraryCopies } from '../lib/libraries.mjs';

const VARIANTS = ['untransformed', 'compiled'];

async function child(name, variant) {
  const app = await compileWorkload('libs-app.ts');
  const lib = await loadLibrary(name);
  try {
    const [fn, args] = name === 'postcss' ? ['runPostcss', [app.plain.makeCss(300)]] : ['runSemver', [app.plain.VERSIONS, app.plain.RANGES]];
    const run = variant === 'untransformed' ? (n) => app.plain[fn](lib.plain, ...args, n) : (n) => app.green[fn](lib.green, ...args, n);
    const result = await compare([{ name: variant, run, units: (n) => n }], { rounds: 9, warmupRounds: 2, sampleMs: 100 });
    process.stdout.write(JSON.stringify({ nsPerOp: result[variant].nsPerUnit }));
  } finally {
    removeLibraryCopies(lib);
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else {
  const children = Number(process.argv[2] ?? 6);
  for (const name of Object.keys(LIBRARIES)) {
    const ns = Object.fromEntries(VARIANTS.map((v) => [v, []]));
    for (let i = 0; i < children; i++) {
      for (const variant of i % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, variant], { encoding: 'utf8' });
        if (out.status !== 0) throw new Error(`${name} ${variant}: ${out.stderr}`);
        ns[variant].push(JSON.parse(out.stdout).nsPerOp);
      }
    }
    const [base, subject] = VARIANTS.map((v) => median(ns[v]));
    const spread = (v) => `${Math.min(...ns[v]).toFixed(0)}–${Math.max(...ns[v]).toFixed(0)}`;
    console.log(`${name}: untransformed ${base.toFixed(0)} ns/op (${spread('untransformed')}), compiled outside tasks ${subject.toFixed(0)} ns/op (${spread('compiled')}): ${(subject / base).toFixed(2)}×`);
  }
}
