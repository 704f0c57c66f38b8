// Size of compiled code relative to its source, and transform time, for the given JS/TS files.
// Usage: node scripts/code-size.mjs <file>…   (npm run build first)
import { readFileSync } from 'node:fs';
import { transform } from '../dist/transform/index.js';

let totalSource = 0;
let totalCode = 0;
for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  const filename = /\.c[jt]s$|\.umd\.js$/.test(file) ? 'module.cjs' : file.replace(/.*\//, '');
  transform(source, { filename }); // warm up
  const start = performance.now();
  const { code, diagnostics } = transform(source, { filename });
  const ms = performance.now() - start;
  console.log(`${file}: ${(source.length / 1024).toFixed(1)} KiB, compiled ${(code.length / source.length).toFixed(2)}×, ${ms.toFixed(1)} ms, ${diagnostics.length} diagnostics`);
  totalSource += source.length;
  totalCode += code.length;
}
if (process.argv.length > 3) console.log(`total: ${(totalSource / 1024).toFixed(1)} KiB, compiled ${(totalCode / totalSource).toFixed(2)}×`);
