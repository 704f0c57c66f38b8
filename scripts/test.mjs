// Runs the test suite (test/**/*.test.{ts,mjs}) with node's test runner, through greenhack's loader, on this
// machine's Node and, when tools/node24 is installed (`npm ci --prefix tools/node24`), on Node 24 as well;
// when tools/node22 is installed, a compatibility subset on Node 22.
// Usage: node scripts/test.mjs [filter…]   (a filter keeps the test files whose path contains it)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name === 'programs') continue;
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.test\.(ts|mjs)$/.test(name)) yield relative(root, path);
  }
}

const files = [...walk(join(root, 'test'))].filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ') || 'test/**/*.test.{ts,mjs}'}.`);
  process.exit(1);
}

const nodes = [{ label: `Node ${process.version} (this machine)`, bin: process.execPath, files }];
const node24 = join(root, 'tools/node24/node_modules/.bin/node');
if (existsSync(node24)) nodes.push({ label: 'Node 24 (tools/node24)', bin: node24, files });
else console.log('tools/node24 is not installed: testing on this machine\'s Node only (npm ci --prefix tools/node24).');
// Node 22 runs a compatibility subset: the parts that differ by Node version (module hooks, require(esm),
// stacks, the CLI and build tools, worker threads), not the batteries, conformance sample and benchmarks.
const NODE22_SUBSET = ['test/loader/', 'test/core/', 'test/toolkit/', 'test/bridge/', 'test/tooling/'];
const node22 = join(root, 'tools/node22/node_modules/.bin/node');
const node22Files = files.filter((f) => NODE22_SUBSET.some((prefix) => f.startsWith(prefix)));
if (!existsSync(node22)) console.log('tools/node22 is not installed: no Node 22 compatibility run (npm ci --prefix tools/node22).');
else if (node22Files.length > 0) nodes.push({ label: 'Node 22 (tools/node22, compatibility subset)', bin: node22, files: node22Files });

let failed = false;
for (const { label, bin, files } of nodes) {
  console.log(`\n# ${label}`);
  const args = ['--import', './dist/loader/register.js', '--test', '--test-reporter=spec', ...files];
  const run = spawnSync(bin, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
