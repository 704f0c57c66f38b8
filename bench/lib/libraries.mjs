// Real third-party libraries for the `libraries` scenario: each package's own files are compiled by
// greenhack's `transform()` one file at a time (the single-file case: nothing about callers is known),
// next to an untouched copy, under bench/tmp/libs/ (`preparedLibrary` for the scenario, `loadLibrary` for
// experiments). Their dependencies stay outside the green scope and resolve from the repository's
// node_modules. Also counts, per library, the functions and call sites that keep twins (the analysis
// pass, run on each file).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dist, distDir, isMain, rootDir, tmpDir } from './common.mjs';

/** The libraries: the package, the files compiled green (relative to it), and its entry point. */
export const LIBRARIES = {
  postcss: { dirs: ['lib'], entry: 'lib/postcss.js' },
  semver: { dirs: ['classes', 'functions', 'internal', 'ranges', 'index.js'], entry: 'index.js' },
};

function jsFiles(dir) {
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

/**
 * Writes library `name` into each directory of `dirs`: `green` compiled file by file by `transform()`, any
 * other key an untouched copy. Returns the package's version and, for the compiled copy, source and
 * compiled bytes, function and call-site counts, and the transform time.
 */
async function writeCopies(name, dirs) {
  const spec = LIBRARIES[name];
  const packageDir = join(rootDir, 'node_modules', name);
  if (!existsSync(join(packageDir, 'package.json'))) throw new Error(`bench: ${name} is not installed (node_modules/${name}); run npm ci.`);
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const { transform } = await import(dist('transform/index.js'));
  const { parse } = await import(dist('transform/passes/parse.js'));
  const { planTwins } = await import(dist('transform/passes/plan-twins.js'));
  const stats = { files: 0, sourceBytes: 0, greenBytes: 0, transformMs: 0, functions: 0, ordinary: 0, twins: 0, guarded: 0, callSites: 0, dispatched: 0 };
  for (const dir of Object.values(dirs)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  }
  for (const part of spec.dirs) {
    for (const file of jsFiles(join(packageDir, part))) {
      const rel = relative(packageDir, file);
      const source = readFileSync(file, 'utf8');
      const t0 = performance.now();
      const green = transform(source, { filename: file, sourceType: 'commonjs' });
      stats.transformMs += performance.now() - t0;
      for (const [key, dir] of Object.entries(dirs)) {
        mkdirSync(join(dir, rel, '..'), { recursive: true });
        writeFileSync(join(dir, rel), key === 'green' ? green.code : source);
      }
      stats.files++;
      stats.sourceBytes += source.length;
      stats.greenBytes += green.code.length;
      const plan = planTwins(parse(source, file, 'commonjs'));
      for (const fn of plan.functions.values()) {
        stats.functions++;
        if (fn.ordinary) stats.ordinary++;
        if (fn.twin) {
          stats.twins++;
          if (fn.fast) stats.guarded++;
        }
      }
      const sites = countCalls(plan);
      stats.callSites += sites.total;
      stats.dispatched += sites.dispatched;
    }
  }
  return { version, stats };
}

/**
 * What one operation on library `name` is, in the app module `app` (workloads/libs-app.ts, compiled by
 * `compileWorkload`): the app's function to call and the arguments after the library.
 */
export function libraryWork(name, app) {
  return name === 'postcss' ? ['runPostcss', [app.plain.makeCss(300)]] : ['runSemver', [app.plain.VERSIONS, app.plain.RANGES]];
}

const requireEntry = (name, dir) => createRequire(join(dir, 'package.json'))(join(dir, LIBRARIES[name].entry));

/**
 * Compiles library `name` and loads three copies into this process (experiments): `plain`, `green`, and
 * `again`, a second untransformed copy for A/A rows. Returns `{ plain, green, again, version, stats, dirs }`.
 */
export async function loadLibrary(name) {
  const out = { plain: join(tmpDir, 'libs', `plain-${process.pid}`, name), green: join(tmpDir, 'libs', `green-${process.pid}`, name), again: join(tmpDir, 'libs', `again-${process.pid}`, name) };
  const { version, stats } = await writeCopies(name, out);
  await import(dist('index.js'));
  return { name, version, plain: requireEntry(name, out.plain), green: requireEntry(name, out.green), again: requireEntry(name, out.again), stats, dirs: out };
}

/**
 * The copies of library `name` for a process that runs one of them (the libraries scenario): written once
 * per benchmark run (per build under test) by a separate process, so that the transform's work leaves no
 * garbage, code or feedback in the process that measures. Returns `{ version, stats, load(which) }`, where
 * `which` is `plain` or `green`.
 */
export function preparedLibrary(name) {
  // Keyed by the build too (a rebuilt dist/ has new files), not only by where it is.
  const built = statSync(join(distDir, 'transform', 'pipeline.js')).mtimeMs;
  // One directory per build for every library: preparing one removes other builds' directories only.
  const run = createHash('sha256').update(`${distDir}\0${built}`).digest('hex').slice(0, 12);
  const dir = join(tmpDir, 'libs', `run-${run}`, name);
  const statsFile = join(dir, 'stats.json');
  if (!existsSync(statsFile)) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--prepare', name, dir], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (child.status !== 0 || !existsSync(statsFile)) throw new Error(`bench: preparing ${name} failed: ${child.stderr}`);
  }
  const { version, stats } = JSON.parse(readFileSync(statsFile, 'utf8'));
  return { name, version, stats, load: (which) => requireEntry(name, join(dir, which)) };
}

if (isMain(import.meta) && process.argv[2] === '--prepare') {
  const [name, dir] = process.argv.slice(3);
  // Other runs' copies go: only this run's are kept (bench/tmp is scratch).
  for (const entry of existsSync(join(tmpDir, 'libs')) ? readdirSync(join(tmpDir, 'libs')) : []) {
    if (entry.startsWith('run-') && join(tmpDir, 'libs', entry) !== join(dir, '..')) rmSync(join(tmpDir, 'libs', entry), { recursive: true, force: true });
  }
  const result = await writeCopies(name, { plain: join(dir, 'plain'), green: join(dir, 'green') });
  writeFileSync(`${join(dir, 'stats.json')}.tmp`, JSON.stringify(result));
  renameSync(`${join(dir, 'stats.json')}.tmp`, join(dir, 'stats.json'));
}

/** Call sites of the library's functions, and those a twin dispatches (its calls not known to be plain). */
function countCalls(plan) {
  let total = plan.plainCalls.size;
  let dispatched = 0;
  for (const fn of plan.functions.values()) {
    total += fn.calls.length;
    if (fn.twin) dispatched += fn.calls.length;
  }
  return { total, dispatched };
}

export function removeLibraryCopies(lib) {
  for (const dir of Object.values(lib.dirs)) rmSync(join(dir, '..'), { recursive: true, force: true });
}

export { cpSync };
