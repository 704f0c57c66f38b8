/**
 * Runs one library's test files with bdd.mjs, in the library's checkout (the working directory):
 *
 *   node [--import <greenhack>/dist/loader/register.js] run-suite.mjs [--green] [--esm] <file>…
 *
 * --green: every test body and hook runs as a green task (asAsync); start it under greenhack's loader so
 * that the checkout's own files (library and tests) are compiled green. --esm: the files are ES modules
 * with extensionless imports; natively, a small resolve hook adds what Node does not (./x → ./x.js,
 * ./dir → ./dir/index.js), as greenhack's loader does in green runs. Prints the result as JSON.
 */
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installGlobals, runAll } from './bdd.mjs';

const args = process.argv.slice(2);
const green = args.includes('--green');
const esm = args.includes('--esm');
const mainIndex = args.indexOf('--main');
const main = mainIndex === -1 ? undefined : args.splice(mainIndex, 2)[1];
const files = args.filter((a) => !a.startsWith('--'));

const EXTENSIONLESS_HOOK = `export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); } catch (error) {
    if (!/^\\.\\.?(\\/|$)/.test(specifier)) throw error;
    for (const suffix of ['.js', '/index.js']) { try { return await next(specifier.replace(/\\/$/, '') + suffix, context); } catch {} }
    throw error;
  }
}`;
if (esm && !green) register(`data:text/javascript,${encodeURIComponent(EXTENSIONLESS_HOOK)}`);
const asAsync = green ? (await import(new URL('../../../dist/index.js', import.meta.url).href)).asAsync : undefined;

installGlobals();
const loadErrors = [];
for (const file of files) {
  try {
    await import(pathToFileURL(resolve(file)).href);
  } catch (error) {
    loadErrors.push({ file, error: String(error?.stack ?? error).split('\n').slice(0, 4).join('\n') });
  }
}
const result = await runAll({ green, asAsync });
// Evidence that the library itself was compiled green: its exported functions (and class methods) with twins.
const twin = Symbol.for('greenhack.twin');
const exported = { functions: 0, twinned: 0 };
if (main) {
  const ns = await import(pathToFileURL(resolve(main)).href);
  const seen = new Set();
  const visit = (value, depth) => {
    if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) return;
    if (seen.has(value) || depth > 2) return;
    seen.add(value);
    if (typeof value === 'function') {
      exported.functions++;
      if (typeof value[twin] === 'function') exported.twinned++;
      if (value.prototype) visit(value.prototype, depth + 1);
    }
    for (const key of Object.getOwnPropertyNames(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (key !== 'constructor' && d && 'value' in d) visit(d.value, depth + 1);
    }
  };
  visit(ns.default ?? ns, 0);
}
process.stdout.write(`${JSON.stringify({ ...result, exported, loadErrors })}\n`);
process.exit(0);
