// Compiles src/**/*.ts to dist/ (JavaScript, source maps, declarations) with oxc-transform.
// The library itself is only type-stripped: it is never run through the green transform.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync, isolatedDeclarationSync } from 'oxc-transform';
import { mergeModules } from './merge-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'dist');

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

rmSync(out, { recursive: true, force: true });
let failed = 0;
for (const file of walk(src)) {
  const rel = relative(src, file);
  const code = readFileSync(file, 'utf8');
  const js = transformSync(file, code, { sourcemap: true, typescript: { rewriteImportExtensions: 'rewrite' } });
  const dts = isolatedDeclarationSync(file, code, { stripInternal: true });
  for (const e of [...js.errors, ...dts.errors]) {
    failed++;
    console.error(`${rel}: ${e.message}${e.codeframe ? '\n' + e.codeframe : ''}`);
  }
  const target = join(out, rel.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(target), { recursive: true });
  const mapName = target.split('/').pop() + '.map';
  js.map.sources = [relative(dirname(target), file)];
  writeFileSync(target, `${js.code}\n//# sourceMappingURL=${mapName}\n`);
  writeFileSync(target + '.map', JSON.stringify(js.map));
  writeFileSync(target.replace(/\.js$/, '.d.ts'), dts.code);
  if (code.startsWith('#!')) chmodSync(target, 0o755);
}
if (failed) {
  console.error(`build: ${failed} error(s)`);
  process.exit(1);
}
// Startup: the runtime's and the loader's modules as one file each (scripts/merge-modules.mjs).
await mergeModules(out);
