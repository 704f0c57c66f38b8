// Scenario 6, real code: two popular call-heavy libraries (postcss, semver), each compiled one file at a
// time by `transform()` (the single-file case), called from an app module that is compiled green and has
// suspending code of its own. Untransformed library + app vs the compiled ones, outside tasks and inside a
// green task; also what share of the libraries' functions and call sites keep twins, and code size.
//
// One child process per variant, as an application holds one copy of a library: copies that share a
// process share the app's call sites and the built-ins' feedback, and there a second untransformed copy
// ran up to 1.20× the first (bench/README.md, "Real libraries outside tasks"). The copies are compiled
// once per run by a separate process (`preparedLibrary`), so that no child measures the transform's work.
// `again` runs the untransformed copy in children of its own: the A/A row, the noise between processes.
import { compare, compileWorkload, dist, runChild } from '../lib/common.mjs';
import { LIBRARIES, libraryWork, preparedLibrary } from '../lib/libraries.mjs';

const VARIANTS = ['untransformed', 'again', 'outside', 'inside'];

export const scenario = {
  name: 'libraries',
  title: 'Real libraries in green scope',
  isolates: 'postcss (parse + stringify a 40 KB stylesheet) and semver (satisfies/maxSatisfying/compare), every file compiled alone by transform(), called from a green app module that suspends elsewhere; ns per library operation, untransformed vs compiled, outside and inside a task, one process per variant',
  // Five runs, not three: one figure per process, and processes differ more than rounds in one (A/A).
  runs: { full: 5, quick: 1 },
  jobs: () => Object.keys(LIBRARIES).flatMap((lib) => VARIANTS.map((variant) => ({ job: lib, variant }))),
};

async function main({ quick, job, variant }) {
  if (!VARIANTS.includes(variant)) throw new TypeError(`libraries: unknown variant ${variant}; expected one of ${VARIANTS.join(', ')}`);
  const { asAsync } = await import(dist('index.js'));
  const app = await compileWorkload('libs-app.ts');
  const prepared = preparedLibrary(job);
  const lib = prepared.load(variant === 'outside' || variant === 'inside' ? 'green' : 'plain');
  const [fn, args] = libraryWork(job, app);
  // The result of an untransformed run, computed here from the same input, checks each variant's.
  const expected = app.plain[fn](lib, ...args, 2);
  let run;
  if (variant === 'inside') {
    // One task that first runs the app's own suspending code, then the library work. The task starts on
    // a green function (an untransformed arrow here would run everything below it plain).
    const task = asAsync(app.green.inTask);
    run = (n) => task(app.green[fn], lib, ...args, n);
  } else {
    const side = variant === 'outside' ? app.green : app.plain;
    run = (n) => side[fn](lib, ...args, n);
  }
  if ((await run(2)) !== expected) throw new Error(`${job} ${variant}: results differ`);
  const result = await compare(
    [{ name: variant, run, units: (n) => n }],
    quick ? { rounds: 3, warmupRounds: 1, sampleMs: 40 } : { rounds: 9, warmupRounds: 2, sampleMs: 100 },
  );
  return { [job]: { version: prepared.version, stats: prepared.stats, ...result } };
}

export function rows(get) {
  const out = [];
  for (const name of Object.keys(LIBRARIES)) {
    const base = `${name}.untransformed.nsPerUnit`;
    const functions = get(`${name}.stats.ordinary`);
    const twins = get(`${name}.stats.twins`);
    const guarded = get(`${name}.stats.guarded`);
    const sites = get(`${name}.stats.callSites`);
    const dispatched = get(`${name}.stats.dispatched`);
    const share = functions ? ` (twins: ${twins}/${functions} functions, ${guarded} guarded; ${dispatched}/${sites} call sites dispatch)` : '';
    out.push({
      case: `${name}: the untransformed copy in other processes (A/A noise)`,
      baseline: { label: 'untransformed', path: base, unit: 'ns/op' },
      subject: { label: 'again', path: `${name}.again.nsPerUnit`, unit: 'ns/op' },
      target: null,
    });
    out.push({
      case: `${name}: outside tasks`,
      baseline: { label: 'untransformed', path: base, unit: 'ns/op' },
      subject: { label: 'compiled, no task', path: `${name}.outside.nsPerUnit`, unit: 'ns/op' },
      target: { op: '<=', value: 1.05, text: '≤ 1.05×' },
    });
    out.push({
      case: `${name}: inside a task${share}`,
      baseline: { label: 'untransformed', path: base, unit: 'ns/op' },
      subject: { label: 'in a green task', path: `${name}.inside.nsPerUnit`, unit: 'ns/op' },
      // Each file is compiled alone, so this is both DESIGN targets at once: ≤ 2.0× for a library compiled
      // alone, ≤ 1.10× for one in an app's green scope. The row is judged by the stricter.
      target: { op: '<=', value: 1.1, text: '≤ 1.10× in app scope (≤ 2.0× compiled alone)' },
    });
    out.push({
      case: `${name}: code size`,
      baseline: { label: 'source', path: `${name}.stats.sourceBytes`, unit: 'bytes' },
      subject: { label: 'compiled', path: `${name}.stats.greenBytes`, unit: 'bytes' },
      target: null,
    });
  }
  return out;
}

runChild(import.meta, main);
