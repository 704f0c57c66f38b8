// Experiment: why a library's functions keep twins. Each file is planned alone, as the loader compiles it;
// for every function that keeps an unguarded twin, its calls are counted by the shape of the callee
// (`ident`: a plain name, mostly a `require`d function; `this.m`; `this.f.m`; `id.m`: a method of a local
// or parameter; …), with two examples each. It shows what the analysis would have to resolve.
// Usage: node scripts/build.mjs && node bench/experiments/twin-reasons.mjs semver | postcss lib [rows]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dist, rootDir } from '../lib/common.mjs';
const { parse } = await import(dist('transform/passes/parse.js'));
const { planTwins } = await import(dist('transform/passes/plan-twins.js'));
const root = join(rootDir, 'node_modules', process.argv[2] ?? 'semver', process.argv[3] ?? '');
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) { if (f !== 'node_modules' && f !== 'bin') walk(p); } else if (f.endsWith('.js')) files.push(p); } };
walk(root);
const shapes = new Map(); let fns = 0, tw = 0, fast = 0;
const add = (k, s) => { const e = shapes.get(k) ?? { n: 0, ex: new Set() }; e.n++; if (e.ex.size < 6) e.ex.add(s); shapes.set(k, e); };
for (const file of files) {
  const code = readFileSync(file, 'utf8');
  const plan = planTwins(parse(code, file, 'commonjs'));
  const text = (n) => code.slice(n.start, Math.min(n.end, n.start + 50)).replace(/\s+/g, ' ');
  for (const fn of plan.functions.values()) {
    if (!fn.ordinary) continue; fns++;
    if (fn.twin) tw++; if (fn.fast) fast++;
    if (!fn.twin || fn.fast) continue;
    for (const call of fn.calls) {
      let c = call.callee; while (c.type === 'ParenthesizedExpression') c = c.expression;
      let k;
      if (c.type === 'Identifier') k = 'ident';
      else if (c.type === 'MemberExpression') {
        const o = c.object; const m = c.computed ? '[..]' : c.property.name;
        if (o.type === 'ThisExpression') k = 'this.m';
        else if (o.type === 'MemberExpression' && o.object.type === 'ThisExpression') k = 'this.f.' + m;
        else if (o.type === 'Identifier') k = 'id.' + m;
        else if (o.type === 'NewExpression') k = 'new().m';
        else k = o.type + '.' + m;
      } else k = c.type;
      add(k, text(call) + ' @' + file.split('/').slice(-2).join('/'));
    }
  }
}
console.log(`files ${files.length} ordinary ${fns} twins ${tw} fast ${fast}`);
for (const [k, v] of [...shapes].sort((a, b) => b[1].n - a[1].n).slice(0, Number(process.argv[4] ?? 40))) console.log(String(v.n).padStart(4), k, '|', [...v.ex].slice(0, 2).join(' || '));
