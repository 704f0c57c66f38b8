// Real third-party libraries for the `libraries` scenario: each package's own files are compiled by
// greenhack's `transform()` one file at a time (the single-file case: nothing about callers is known),
// into bench/tmp/libs/green/<name>/, next to an untouched copy in bench/tmp/libs/plain/<name>/. Their
// dependencies stay outside the green scope and resolve from the repository's node_modules. Also counts,
// per library, the functions and call sites that keep twins (the analysis pass, run on each file).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { dist, rootDir, tmpDir } from './common.mjs';

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
 * Compiles library `name` and loads both copies. Returns `{ plain, green, version, stats }`; `stats` has
 * source and compiled bytes, function and call-site counts, and the transform time.
 */
export async function loadLibrary(name) {
  const spec = LIBRARIES[name];
  const packageDir = join(rootDir, 'node_modules', name);
  if (!existsSync(join(packageDir, 'package.json'))) throw new Error(`bench: ${name} is not installed (node_modules/${name}); run npm ci.`);
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const { transform } = await import(dist('transform/index.js'));
  const { parse } = await import(dist('transform/passes/parse.js'));
  const { planTwins } = await import(dist('transform/passes/plan-twins.js'));
  await import(dist('index.js'));
  // `again`: a second untransformed copy, loaded last, for the A/A noise row (the copy loaded first runs slower).
  const out = { plain: join(tmpDir, 'libs', `plain-${process.pid}`, name), green: join(tmpDir, 'libs', `green-${process.pid}`, name), again: join(tmpDir, 'libs', `again-${process.pid}`, name) };
  const stats = { files: 0, sourceBytes: 0, greenBytes: 0, transformMs: 0, functions: 0, ordinary: 0, twins: 0, guarded: 0, callSites: 0, dispatched: 0 };
  for (const dir of Object.values(out)) {
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
      for (const [dir, code] of [[out.plain, source], [out.green, green.code], [out.again, source]]) {
        mkdirSync(join(dir, rel, '..'), { recursive: true });
        writeFileSync(join(dir, rel), code);
      }
      stats.files++;
      stats.sourceBytes += source.length;
      stats.greenBytes += green.code.length;
      const plan = planTwins(parse(source, file, 'commonjs'));
      const inTwin = new Set();
      for (const fn of plan.functions.values()) {
        stats.functions++;
        if (fn.ordinary) stats.ordinary++;
        if (fn.twin) {
          stats.twins++;
          if (fn.fast) stats.guarded++;
          inTwin.add(fn);
        }
      }
      const sites = countCalls(plan);
      stats.callSites += sites.total;
      stats.dispatched += sites.dispatched;
    }
  }
  const load = (dir) => createRequire(join(dir, 'package.json'))(join(dir, spec.entry));
  return { name, version, plain: load(out.plain), green: load(out.green), again: load(out.again), stats, dirs: out };
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
