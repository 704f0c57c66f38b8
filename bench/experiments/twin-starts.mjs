// Experiment: which twins a library's work inside a task actually starts, and how often. The library is
// compiled file by file (as the `libraries` scenario does), then every twin in the compiled copies gets a
// counter as its first statement; the app's `run*` function runs once to warm up and then k times in a
// task. Prints twin starts per operation, by function (methods by their key). What it shows is what an analysis would have to resolve for
// that work to run plain: the top rows are the whole cost (bench/README.md, "Real libraries").
// Usage: node scripts/build.mjs && node bench/experiments/twin-starts.mjs semver|postcss [k]
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { compileWorkload, dist } from '../lib/common.mjs';
import { LIBRARIES, loadLibrary, removeLibraryCopies } from '../lib/libraries.mjs';

const name = process.argv[2] ?? 'semver';
const k = Number(process.argv[3] ?? 10);
const { asAsync } = await import(dist('index.js'));
const app = await compileWorkload('libs-app.ts');
const lib = await loadLibrary(name);
const files = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.js') ? [join(dir, f)] : []));
const counts = (globalThis.__twinStarts = Object.create(null));
for (const file of files(lib.dirs.green)) {
  const where = relative(lib.dirs.green, file);
  const count = (label) => `__twinStarts[${JSON.stringify(`${label} (${where})`)}] = (__twinStarts[${JSON.stringify(`${label} (${where})`)}] | 0) + 1;`;
  const source = readFileSync(file, 'utf8');
  // Class method twins are keyed `__ghK[i]`; the class's `mv` list names them.
  const methodNames = new Map([...source.matchAll(/\[\d, "([^"]+)", __ghK\[(\d+)\]\]/g)].map(([, key, index]) => [index, key]));
  const code = source
    // Function twins: `({*"name"(…) {` (method form) and `function* name(…) {`.
    .replace(/(\{\*"([^"]*)"\([^)]*\) \{)/g, (m, head, label) => `${head}${count(label || '(anonymous)')}`)
    .replace(/(function\* ([\w$]+)\([^)]*\) \{)/g, (m, head, label) => `${head}${count(label)}`)
    // Class method twins: `*[__ghK[i]](…) {`.
    .replace(/(\*\[__ghK\[(\d+)\]\]\([^)]*\) \{)/g, (m, head, index) => `${head}${count(`method ${methodNames.get(index) ?? `#${index}`}`)}`);
  writeFileSync(file, code);
}
const require = createRequire(join(lib.dirs.green, 'package.json'));
for (const key of Object.keys(require.cache)) if (key.startsWith(lib.dirs.green)) delete require.cache[key];
const green = require(join(lib.dirs.green, LIBRARIES[name].entry));
const task = asAsync(app.green.inTask);
const run = name === 'semver' ? (n) => task(app.green.runSemver, green, app.plain.VERSIONS, app.plain.RANGES, n) : (n) => task(app.green.runPostcss, green, app.plain.makeCss(300), n);
await run(1);
for (const key of Object.keys(counts)) delete counts[key];
await run(k);
const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
const total = rows.reduce((sum, [, n]) => sum + n, 0);
console.log(`${name}: ${(total / k).toFixed(0)} twin starts per operation (k = ${k})`);
for (const [label, n] of rows.slice(0, 20)) console.log(`${(n / k).toFixed(0).padStart(8)}  ${label}`);
removeLibraryCopies(lib);
