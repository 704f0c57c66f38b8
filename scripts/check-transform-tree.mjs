// Compiles every JavaScript file under the given directories green and checks that each output parses
// (a smoke test of the transform on real code, e.g. node_modules). Prints counts and the first failures;
// exits 1 if any output does not parse or the transform crashed.
// Usage: node scripts/check-transform-tree.mjs <dir>…   (npm run build first)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { transform } from '../dist/transform/index.js';

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) yield* walk(path);
    else if (/\.(m?js|cjs)$/.test(name) && stat.size < 1_000_000) yield path;
  }
}

const counts = { files: 0, compiled: 0, notJavaScript: 0, badOutput: 0, crashed: 0 };
let input = 0;
let output = 0;
for (const file of process.argv.slice(2).flatMap((dir) => [...walk(dir)])) {
  counts.files++;
  const source = readFileSync(file, 'utf8');
  const sourceType = file.endsWith('.mjs') || /^\s*(import|export)\s/m.test(source) ? 'module' : 'commonjs';
  if (parseSync(file, source, { sourceType }).errors.length > 0) {
    counts.notJavaScript++;
    continue;
  }
  let code;
  try {
    code = transform(source, { filename: file, sourceType }).code;
  } catch (error) {
    if (counts.crashed++ < 5) console.log(`crashed: ${file}: ${error.message}`);
    continue;
  }
  const errors = parseSync(file, code, { sourceType }).errors;
  if (errors.length > 0) {
    if (counts.badOutput++ < 5) console.log(`output does not parse: ${file}: ${errors[0].message}`);
    continue;
  }
  counts.compiled++;
  input += source.length;
  output += code.length;
}
console.log(`${JSON.stringify(counts)}; compiled code ${(output / input).toFixed(2)}× its source`);
process.exit(counts.badOutput + counts.crashed > 0 ? 1 : 0);
