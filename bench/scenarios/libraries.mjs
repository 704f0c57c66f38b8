// Scenario 6, real code: two popular call-heavy libraries (postcss, semver), each compiled one file at a
// time by `transform()` (the single-file case), called from an app module that is compiled green and has
// suspending code of its own. Untransformed library + app vs the compiled ones, outside tasks and inside a
// green task; also what share of the libraries' functions and call sites keep twins, and code size.
import { compare, compileWorkload, dist, runChild } from '../lib/common.mjs';
import { LIBRARIES, loadLibrary, removeLibraryCopies } from '../lib/libraries.mjs';

export const scenario = {
  name: 'libraries',
  title: 'Real libraries in green scope',
  isolates: 'postcss (parse + stringify a 40 KB stylesheet) and semver (satisfies/maxSatisfying/compare), every file compiled alone by transform(), called from a green app module that suspends elsewhere; ns per library operation, untransformed vs compiled, outside and inside a task',
  runs: { full: 3, quick: 1 },
  jobs: () => Object.keys(LIBRARIES).map((lib) => ({ job: lib })),
};

async function main({ quick, job }) {
  const { asAsync } = await import(dist('index.js'));
  const app = await compileWorkload('libs-app.ts');
  const lib = await loadLibrary(job);
  try {
    let args;
    let fn;
    if (job === 'postcss') {
      args = [app.plain.makeCss(300)];
      fn = 'runPostcss';
    } else {
      args = [app.plain.VERSIONS, app.plain.RANGES];
      fn = 'runSemver';
    }
    const plainRun = (n) => app.plain[fn](lib.plain, ...args, n);
    const againRun = (n) => app.plain[fn](lib.again, ...args, n);
    const outside = (n) => app.green[fn](lib.green, ...args, n);
    // Inside: one task that first runs the app's own suspending code, then the library work. The task
    // starts on a green function (an untransformed arrow here would run everything below it plain).
    const task = asAsync(app.green.inTask);
    const inTask = (n) => task(app.green[fn], lib.green, ...args, n);
    const expected = plainRun(2);
    if (outside(2) !== expected || (await inTask(2)) !== expected) throw new Error(`${job}: results differ`);
    const result = await compare(
      [
        { name: 'untransformed', run: plainRun, units: (n) => n },
        { name: 'again', run: againRun, units: (n) => n },
        { name: 'outside', run: outside, units: (n) => n },
        { name: 'inside', run: (n) => inTask(n), units: (n) => n },
      ],
      quick ? { rounds: 3, warmupRounds: 1, sampleMs: 40 } : { rounds: 9, warmupRounds: 2, sampleMs: 100 },
    );
    return { [job]: { version: lib.version, stats: lib.stats, ...result } };
  } finally {
    removeLibraryCopies(lib);
  }
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
      case: `${name}: a second untransformed copy (A/A noise)`,
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
