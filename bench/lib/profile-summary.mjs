// Summarises V8 .cpuprofile files (from `node --cpu-prof`): self time by function and by where the code
// lives (greenhack runtime, green-compiled workload, untransformed workload, V8/Node internals, GC).
// Usage: node bench/lib/profile-summary.mjs file.cpuprofile… [--top=25]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMain } from './common.mjs';

function where(url) {
  if (!url) return 'V8 builtins / native';
  // The driver measures a snapshot of dist/ in bench/tmp/dist-<pid>/.
  if (/\/dist(-\d+)?\/runtime\//.test(url)) return 'greenhack runtime';
  if (/\/dist(-\d+)?\//.test(url)) return 'greenhack (transform, other)';
  if (url.includes('.green.mjs')) return 'workload, green compile';
  if (url.includes('.plain.mjs')) return 'workload, untransformed';
  if (url.includes('/bench/')) return 'bench harness';
  if (url.startsWith('node:')) return 'node internals';
  return 'other';
}

export function summarize(files, top = 25) {
  const byFunction = new Map();
  const byPlace = new Map();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const deltas = profile.timeDeltas;
    const selfUs = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i];
      selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
    }
    for (const [id, us] of selfUs) {
      const { callFrame } = nodes.get(id);
      const name = callFrame.functionName || '(anonymous)';
      const special = name.startsWith('(') && !callFrame.url;
      const place = special ? name : where(callFrame.url);
      const key = special ? name : `${name} ${callFrame.url ? `${basename(callFrame.url)}:${callFrame.lineNumber + 1}` : '[native]'}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
      byPlace.set(place, (byPlace.get(place) ?? 0) + us);
      total += us;
    }
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const lines = [`total sampled: ${(total / 1000).toFixed(0)} ms`, '', 'self time by place:'];
  for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${place}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${key}`);
  return lines.join('\n');
}

if (isMain(import.meta)) {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const top = Number(/--top=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 25);
  console.log(summarize(files, top));
}
