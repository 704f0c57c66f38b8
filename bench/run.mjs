#!/usr/bin/env node
// greenhack micro-benchmarks: the driver. Runs every scenario in bench/scenarios/ in fresh child processes
// (several runs, variants alternated inside each child or across children), takes medians, prints a table
// and writes bench/results/latest.json plus a dated markdown report. See bench/README.md.
//
// Usage: node bench/run.mjs [--quick] [--runs=N] [--write | --no-write] [--profile[=variant]] [scenario…]
//   --quick        fewer iterations and one run per scenario (the smoke test uses it)
//   --runs=N       child runs per scenario (default 3, quick 1)
//   --write        write results even for a quick or filtered run (default: only full, unfiltered runs)
//   --no-write     never write results
//   --profile[=v]  run the children under --cpu-prof (only variant v, if given) and print a summary;
//                  BENCH_CASE=key in the environment keeps one case of calls/suspend (e.g. parse)
//   --render=file  re-render a stored run (bench/results/*.json) with the current rows; --latest also
//                  makes it bench/results/latest.json
//   scenario…      names (calls, suspend, memory, bridge, handler, libraries); default all
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { benchDir, median, rootDir, tmpDir } from './lib/common.mjs';
import { summarize } from './lib/profile-summary.mjs';
import { chart } from './chart.mjs';

const ORDER = ['calls', 'suspend', 'memory', 'bridge', 'handler', 'server', 'libraries', 'startup'];

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = flag('quick');
const filters = argv.filter((a) => !a.startsWith('--'));
const profile = flag('profile') || option('profile') !== undefined;
const profileOnly = option('profile');
const unknown = filters.filter((f) => !ORDER.includes(f));
if (unknown.length) {
  console.error(`Unknown scenario ${unknown.join(', ')}. Known: ${ORDER.join(', ')}.`);
  process.exit(2);
}
// Measure a snapshot of dist/, so that a rebuild by someone else during the run cannot break or mix it.
const snapshot = join(tmpDir, `dist-${process.pid}`);
const needed = ['index.js', 'transform/index.js', 'runtime/install.js'];
for (let attempt = 0; ; attempt++) {
  if (needed.every((f) => existsSync(join(rootDir, 'dist', f)))) {
    rmSync(snapshot, { recursive: true, force: true });
    try {
      cpSync(join(rootDir, 'dist'), snapshot, { recursive: true });
      if (needed.every((f) => existsSync(join(snapshot, f)))) break;
    } catch {
      // dist/ changed while being copied: try again.
    }
  }
  if (attempt === 20) {
    console.error('dist/ is missing or incomplete: run `node scripts/build.mjs` first (or `npm run bench`).');
    process.exit(2);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
process.env.GREENHACK_BENCH_DIST = snapshot;
process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));
const selected = ORDER.filter((name) => filters.length === 0 || filters.includes(name));
const write = !flag('no-write') && !profile && (flag('write') || (!quick && filters.length === 0));

/** Runs one child; returns its parsed result. */
function runChildProcess(scenario, file, job, profileDir) {
  const flags = [...(scenario.nodeFlags ?? [])];
  if (profileDir) flags.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const args = [...flags, file, ...(quick ? ['--quick'] : []), ...Object.entries(job).map(([k, v]) => `--${k}=${v}`)];
  const env = { ...process.env, NODE_OPTIONS: '' };
  if (profileOnly) env.BENCH_ONLY = profileOnly;
  const started = Date.now();
  const child = spawnSync(process.execPath, args, { cwd: rootDir, env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 << 20 });
  const line = child.stdout?.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || !line) {
    process.stderr.write(child.stdout ?? '');
    process.stderr.write(child.stderr ?? '');
    throw new Error(`${scenario.name} (${JSON.stringify(job)}) failed: status ${child.status}${child.error ? `, ${child.error.message}` : ''}`);
  }
  return { result: JSON.parse(line.slice('BENCH_RESULT '.length)), ms: Date.now() - started };
}

function deepMerge(target, source) {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && target[key] && typeof target[key] === 'object') deepMerge(target[key], value);
    else target[key] = value;
  }
  return target;
}

function at(object, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), object);
}

function formatValue(value, unit) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  let v = value;
  let u = unit;
  if (u.startsWith('ns') && v >= 10_000) {
    v /= 1000;
    u = `µs${u.slice(2)}`;
  }
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${u}`;
}

function formatRatio(ratio) {
  if (ratio === undefined || Number.isNaN(ratio)) return '—';
  return ratio < 0.1 ? `${ratio.toFixed(4)}×` : `${ratio.toFixed(2)}×`;
}

function judge(row) {
  const t = row.target;
  if (!t) return null;
  if (typeof t.met === 'boolean') return t.met;
  if (row.ratio === undefined || Number.isNaN(row.ratio)) return null;
  if (t.op === '<=') return row.ratio <= t.value * (1 + (t.slack ?? 0));
  if (t.op === '>=') return row.ratio >= t.value;
  return null;
}

const gitOut = (...args) => spawnSync('git', args, { cwd: rootDir, encoding: 'utf8' }).stdout?.trim() ?? '';
const git = (gitOut('rev-parse', '--short', 'HEAD') || 'unknown') + (gitOut('status', '--porcelain', '--', 'src') ? ' + uncommitted changes in src/' : '');
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  v8: process.versions.v8,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
};

console.log(`greenhack bench — Node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB${quick ? ' (quick)' : ''}`);
const startedAt = new Date();
// The machine is shared: the load average (1, 5, 15 min) at the start and end says how quiet it was.
const report = { date: startedAt.toISOString(), commit: git, machine, quick, command: `node bench/run.mjs${argv.length ? ` ${argv.join(' ')}` : ''}`, loadAverage: { start: os.loadavg().map((x) => +x.toFixed(1)) }, scenarios: [] };
let failed = false;

const render = option('render');
if (render) {
  // Re-render a stored run: rows and verdicts recomputed from its raw figures, files rewritten.
  const stored = JSON.parse(readFileSync(render, 'utf8'));
  for (const entry of stored.scenarios) {
    const module = await import(join(benchDir, 'scenarios', `${entry.name}.mjs`));
    entry.rows = makeRows(module, entry.raw);
    entry.isolates = module.scenario.isolates;
    console.log(`\n▶ ${entry.title} (${entry.name}), rendered from ${render}`);
    printTable(module.scenario, entry.rows);
  }
  writeResults(stored, flag('latest'));
  process.exit(0);
}

for (const name of selected) {
  const file = join(benchDir, 'scenarios', `${name}.mjs`);
  const module = await import(join(benchDir, 'scenarios', `${name}.mjs`));
  const scenario = module.scenario;
  const runs = Number(option('runs') ?? (quick ? scenario.runs.quick : scenario.runs.full));
  const profileDir = profile ? join(tmpDir, 'profiles', name) : undefined;
  if (profileDir) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  process.stdout.write(`\n▶ ${scenario.title} (${name}): ${runs} run(s) × ${scenario.jobs().length} child(ren) `);
  const perRun = [];
  let ms = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const merged = {};
      // Alternate the order of the jobs between runs.
      const jobs = scenario.jobs();
      const ordered = r % 2 ? [...jobs].reverse() : jobs;
      for (const job of ordered) {
        const out = runChildProcess(scenario, file, job, profileDir);
        deepMerge(merged, out.result);
        ms += out.ms;
        process.stdout.write('.');
      }
      perRun.push(merged);
    }
  } catch (error) {
    failed = true;
    console.log(`\n  FAILED: ${error.message}`);
    continue;
  }
  console.log(` ${(ms / 1000).toFixed(1)} s`);
  if (profileDir) {
    const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(profileDir, f));
    console.log(summarize(files).replace(/^/gm, '  '));
    continue;
  }
  const rows = makeRows(module, perRun);
  report.scenarios.push({ name, title: scenario.title, isolates: scenario.isolates, runs, rows, raw: perRun });
  printTable(scenario, rows);
}

/** The table rows of a scenario, from its per-run results (see the `rows` export of each scenario). */
function makeRows(module, perRun) {
  const values = (path) => perRun.map((m) => at(m, path));
  const get = (path) => {
    const found = values(path).filter((v) => typeof v === 'number');
    return found.length ? median(found) : undefined;
  };
  // The ratio of two figures: the median over the runs of each run's own ratio (both figures of a run come
  // from the same child, or from children run back to back), which is steadier than a ratio of medians.
  get.ratio = (subjectPath, basePath) => {
    const [s, b] = [values(subjectPath), values(basePath)];
    const ratios = s.map((v, i) => v / b[i]).filter((v) => Number.isFinite(v));
    return ratios.length ? median(ratios) : undefined;
  };
  const rows = module.rows(get).map((row) => {
    const out = { ...row };
    for (const side of ['baseline', 'subject']) if (row[side]?.path) out[side] = { ...row[side], value: get(row[side].path) };
    out.ratio = row.ratio ?? (row.subject?.path && row.baseline?.path ? get.ratio(row.subject.path, row.baseline.path) : undefined);
    out.met = judge(out);
    return out;
  });
  return rows;
}

function printTable(scenario, rows) {
  const table = rows.map((r) => [
    r.case,
    r.baseline ? `${r.baseline.label}: ${formatValue(r.baseline.value, r.baseline.unit)}` : '',
    r.subject ? `${r.subject.label}: ${formatValue(r.subject.value, r.subject.unit)}` : '',
    r.subject ? formatRatio(r.ratio) : '',
    r.target?.text ?? '',
    r.met === null || r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
  ]);
  const head = ['case', 'baseline', 'greenhack', 'ratio', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => `  ${cells.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()}`;
  console.log(line(head));
  for (const row of table) console.log(line(row));
}

report.loadAverage.end = os.loadavg().map((x) => +x.toFixed(1));
if (write && report.scenarios.length) writeResults(report, true);

/** Writes `<date>-node<version>.json` and `.md` under bench/results/, and latest.json when `latest`. */
function writeResults(rep, latest) {
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stem = `${rep.date.slice(0, 10)}-node${rep.machine.node.replace(/^v/, '')}`;
  const json = `${JSON.stringify(rep, null, 2)}\n`;
  if (latest) {
    writeFileSync(join(resultsDir, 'latest.json'), json);
    writeFileSync(join(resultsDir, 'chart.svg'), chart(rep));
  }
  writeFileSync(join(resultsDir, `${stem}.json`), json);
  writeFileSync(join(resultsDir, `${stem}.md`), markdown(rep));
  console.log(`\nWrote ${latest ? 'bench/results/latest.json, chart.svg, ' : ''}bench/results/${stem}.json and bench/results/${stem}.md`);
}

function markdown(rep) {
  const m = rep.machine;
  const lines = [
    `# greenhack bench, ${rep.date.slice(0, 10)}, Node ${m.node}`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.platform}`,
    `- Node ${m.node} (V8 ${m.v8})${rep.quick ? ', quick mode' : ''}; greenhack at commit ${rep.commit}`,
    ...(rep.loadAverage ? [`- Load average (1/5/15 min) at start ${rep.loadAverage.start.join(' / ')}, at end ${rep.loadAverage.end?.join(' / ') ?? '?'} (the machine is shared: prefer the ratios, each from interleaved runs)`] : []),
    `- Command: \`${rep.command ?? 'node bench/run.mjs'}\` (${rep.quick ? 'quick' : 'full'}); each figure is the median over the runs (fresh child processes) of the per-child median; each ratio is the median over the runs of that run's ratio.`,
    '',
    '| scenario | case | baseline | greenhack | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of rep.scenarios) {
    for (const r of s.rows) {
      const cells = [
        s.title,
        r.case,
        r.baseline ? `${r.baseline.label}: ${formatValue(r.baseline.value, r.baseline.unit)}` : '',
        r.subject ? `${r.subject.label}: ${formatValue(r.subject.value, r.subject.unit)}` : '',
        r.subject ? formatRatio(r.ratio) : '',
        r.target?.text ?? '',
        r.met === null || r.met === undefined ? '' : r.met ? 'yes' : '**no**',
      ];
      lines.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
    }
  }
  lines.push('', 'What each scenario isolates:', '');
  for (const s of rep.scenarios) lines.push(`- **${s.title}** (\`${s.name}\`, ${s.runs} runs): ${s.isolates}`);
  lines.push('', 'Raw per-run figures are in the JSON file of the same name.', '');
  return lines.join('\n');
}

if (failed) process.exitCode = 1;
