// What `greenhack run` loads before the entry: each module file costs Node about a millisecond at startup
// (bench/README.md, "Startup"), so the build merges them (scripts/merge-modules.mjs). This follows the
// static imports of dist/cli/main.js and of dist/index.js (which `run` imports first) and checks that the
// path is the five files it was made to be, with no facade of a merged module on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

/** The files reached from `start` through static imports and re-exports (node: built-ins left out). */
function staticClosure(start) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const { module, errors } = parseSync(file, readFileSync(file, 'utf8'), { sourceType: 'module' });
    assert.deepEqual(errors, [], `${file} does not parse`);
    const requests = [...module.staticImports.map((i) => i.moduleRequest.value), ...module.staticExports.flatMap((e) => e.entries.map((entry) => entry.moduleRequest?.value))];
    for (const request of requests) if (request?.startsWith('.')) visit(resolve(dirname(file), request));
  };
  visit(start);
  return seen;
}

test('greenhack run loads five module files before the entry, none of them a facade', () => {
  const files = new Set([...staticClosure(join(dist, 'cli', 'main.js')), ...staticClosure(join(dist, 'index.js'))]);
  const names = [...files].map((file) => relative(dist, file)).sort();
  assert.deepEqual(names, ['cli/main.js', 'index.js', 'loader/bundle.js', 'runtime/bundle.js', 'shared/bundle.js']);
  for (const file of files) assert.ok(!readFileSync(file, 'utf8').startsWith('// Merged into'), `${relative(dist, file)} is a facade`);
});

test('run imports the runtime, then installs the loader from its bundle, without loader/register.js', () => {
  const source = readFileSync(join(dist, 'cli', 'main.js'), 'utf8');
  assert.match(source, /import\("\.\.\/index\.js"\)/);
  assert.doesNotMatch(source, /register\.js/);
});
