// Regenerates test/transform/fixtures/*.output.js (and *.diagnostics.txt) from the *.input.* files.
// Run after an intended change to the transform's output, then review `git diff test/transform/fixtures`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from '../dist/transform/index.js';

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), '../test/transform/fixtures');

/** The expected files of one input fixture, as the transform produces them now. */
export function expectedFiles(inputName) {
  const base = inputName.replace(/\.input\.\w+$/, '');
  const source = readFileSync(join(fixturesDir, inputName), 'utf8');
  const result = transform(source, { filename: inputName.replace('.input', ''), entry: base.startsWith('entry') });
  const diagnostics = result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n');
  return { [`${base}.output.js`]: result.code, [`${base}.diagnostics.txt`]: diagnostics ? `${diagnostics}\n` : '' };
}

export function inputs() {
  return readdirSync(fixturesDir).filter((name) => /\.input\.\w+$/.test(name)).sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const input of inputs()) {
    for (const [name, text] of Object.entries(expectedFiles(input))) writeFileSync(join(fixturesDir, name), text);
  }
  console.log(`updated ${inputs().length} fixtures in ${fixturesDir}`);
}
