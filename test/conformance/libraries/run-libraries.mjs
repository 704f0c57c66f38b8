#!/usr/bin/env node
/**
 * Real libraries compiled green: three popular pure-JS packages run their own test suites natively, then
 * with the library and its tests compiled by greenhack's loader (the checkout is the app, so its files
 * are the green scope) and every test body and hook run as a green task (run-suite.mjs --green).
 *
 *   node test/conformance/libraries/run-libraries.mjs [--work /tmp/greenhack-libs] [--node path] [--only name]
 *
 * Sources are checked out at fixed commits into the work directory (outside the repository, never
 * committed): from `GREENHACK_MIRROR/<owner>+<name>/repo` when that git directory exists, else cloned from
 * GitHub. Their test dependencies are installed with npm into the work directory. Prints a Markdown table
 * (docs/conformance.md) and each test that passes natively and fails green.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const register = fileURLToPath(new URL('../../../dist/loader/register.js', import.meta.url));
const { values } = parseArgs({
  options: { work: { type: 'string', default: '/tmp/greenhack-libs' }, node: { type: 'string', default: process.execPath }, only: { type: 'string' } },
});
const work = resolve(values.work);
// Tests run with the checkout as working directory: a relative --node path must not depend on it.
const node = values.node.includes('/') ? resolve(values.node) : values.node;

const LIBRARIES = [
  {
    name: 'js-yaml', kind: 'YAML parser and dumper', repo: 'nodeca/js-yaml', commit: '74a01992953302040be3277c08ba214a06f00b87', version: '4.1.1',
    paths: ['index.js', 'lib', 'test', 'package.json'], main: 'index.js', tests: (dir) => list(dir, 'test', /^\d.*\.js$/),
  },
  {
    name: 'jsonschema', kind: 'JSON Schema validator', repo: 'tdegrunt/jsonschema', commit: 'f65c769eac5eda621f6d09f4df86c8fc268d6344', version: '1.5.0',
    paths: ['lib', 'test', 'package.json'], main: 'lib/index.js', tests: (dir) => list(dir, 'test', /\.js$/),
    // The JSON-Schema-Test-Suite submodule at the commit the repository pins.
    submodules: [{ repo: 'json-schema-org/JSON-Schema-Test-Suite', commit: 'c12b0db870599ff92ade367d2dda905ae752f8cd', path: 'test/suite' }],
  },
  {
    name: 'dayjs', kind: 'date library', repo: 'iamkun/dayjs', commit: '0f6c19e3b63bcc3ff74917cb3a60125020c75648', version: '(master, 2026-08-18)',
    paths: ['src', 'test', 'package.json'], main: 'src/index.js', esm: true, isolate: true, tests: (dir) => list(dir, 'test', /\.test\.js$/, true),
    // Jest runs these through Babel and maps `dayjs` to src/ (test/__mocks__); plain Node needs the files
    // marked as ES modules and a `dayjs` package that re-exports src/.
    prepare(dir) {
      for (const sub of ['src', 'test']) writeFileSync(join(dir, sub, 'package.json'), '{ "type": "module" }\n');
      mkdirSync(join(dir, 'node_modules/dayjs'), { recursive: true });
      writeFileSync(join(dir, 'node_modules/dayjs/package.json'), '{ "name": "dayjs", "type": "module", "main": "index.js" }\n');
      writeFileSync(join(dir, 'node_modules/dayjs/index.js'), "export { default } from '../../src/index.js';\n");
    },
  },
];
/** Test dependencies, installed once into the work directory (found by walking up from each checkout). */
const DEPENDENCIES = ['fast-check@2', 'chai@4.2.0', 'json-metaschema@1', 'moment@2.29.2', 'moment-timezone@0.5.31', 'mockdate@2'];

function list(dir, sub, pattern, recursive = false) {
  const out = [];
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const path = join(sub, entry.name);
    if (entry.isDirectory() && recursive && entry.name !== '__mocks__') out.push(...list(dir, path, pattern, true));
    else if (entry.isFile() && pattern.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** Extracts `paths` of `repo` at `commit` into `dir` (a local mirror if there is one, else a clone). */
function checkout(repo, commit, dir, paths = []) {
  const mirror = process.env.GREENHACK_MIRROR && join(process.env.GREENHACK_MIRROR, repo.replace('/', '+'), 'repo');
  let gitDir = mirror && existsSync(mirror) ? mirror : join(work, '.git-cache', repo.replace('/', '+'));
  if (gitDir !== mirror && !existsSync(gitDir)) execFileSync('git', ['clone', '--bare', `https://github.com/${repo}.git`, gitDir], { stdio: 'inherit' });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['--git-dir', gitDir, 'archive', commit, ...paths], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['x', '-C', dir], { input: archive.stdout });
}

function prepare(lib) {
  const dir = join(work, lib.name);
  if (!existsSync(join(dir, 'package.json'))) {
    checkout(lib.repo, lib.commit, dir, lib.paths);
    for (const s of lib.submodules ?? []) checkout(s.repo, s.commit, join(dir, s.path));
    lib.prepare?.(dir);
  }
  return dir;
}

function runSuite(lib, dir, green) {
  const files = lib.tests(dir);
  const batches = lib.isolate ? files.map((f) => [f]) : [files];
  const total = { passed: 0, failed: 0, skipped: 0, twinned: 0, exported: { functions: 0, twinned: 0 }, failures: [], loadErrors: [] };
  for (const [i, batch] of batches.entries()) {
    const flags = [...(green ? ['--green'] : []), ...(lib.esm ? ['--esm'] : []), ...(i === 0 ? ['--main', lib.main] : [])];
    const args = [...(green ? ['--import', register] : []), join(here, 'run-suite.mjs'), ...flags, ...batch];
    const run = spawnSync(node, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NODE_OPTIONS: '' } });
    if (run.error) throw run.error;
    const line = run.stdout.trim().split('\n').pop();
    let result;
    try {
      result = JSON.parse(line);
    } catch {
      result = { passed: 0, failed: 0, skipped: 0, twinned: 0, failures: [], loadErrors: batch.map((file) => ({ file, error: `exit ${run.status}: ${run.stderr.slice(-500)}` })) };
    }
    for (const key of ['passed', 'failed', 'skipped', 'twinned']) total[key] += result[key];
    if (result.exported?.functions) total.exported = result.exported;
    total.failures.push(...result.failures.map((f) => ({ ...f, name: `${batch.length === 1 ? `${batch[0]}: ` : ''}${f.name}` })));
    total.loadErrors.push(...result.loadErrors);
  }
  return total;
}

mkdirSync(work, { recursive: true });
if (!existsSync(join(work, 'node_modules'))) {
  writeFileSync(join(work, 'package.json'), '{ "name": "greenhack-library-tests", "private": true }\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', ...DEPENDENCIES], { cwd: work, stdio: 'inherit' });
}
const rows = [];
for (const lib of LIBRARIES.filter((l) => !values.only || l.name === values.only)) {
  const dir = prepare(lib);
  const started = Date.now();
  const native = runSuite(lib, dir, false);
  const nativeSeconds = (Date.now() - started) / 1000;
  const green = runSuite(lib, dir, true);
  const greenSeconds = (Date.now() - started) / 1000 - nativeSeconds;
  const failedGreen = new Set(green.failures.map((f) => f.name));
  const regressions = native.failures.length === 0 ? [...failedGreen] : [...failedGreen].filter((n) => !native.failures.some((f) => f.name === n));
  rows.push({ lib, native, green, nativeSeconds, greenSeconds });
  console.log(`\n${lib.name} (${relative(process.cwd(), dir) || dir}): native ${native.passed} passed, ${native.failed} failed; green ${green.passed} passed, ${green.failed} failed; ${green.twinned} test bodies and ${green.exported.twinned} of ${green.exported.functions} exported library functions had twins`);
  for (const name of regressions) console.log(`  green only: ${name}\n    ${green.failures.find((f) => f.name === name).error.split('\n')[0]}`);
  for (const e of [...native.loadErrors, ...green.loadErrors]) console.log(`  load error: ${e.file}: ${e.error.split('\n')[0]}`);
}

console.log('\n| library | what | commit | tests | native pass | green pass | test bodies with twins | exported functions with twins | native s | green s |');
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { lib, native, green, nativeSeconds, greenSeconds } of rows) {
  const tests = native.passed + native.failed;
  console.log(`| ${lib.name} ${lib.version} | ${lib.kind} | ${lib.commit.slice(0, 8)} | ${tests} | ${native.passed} | ${green.passed} | ${green.twinned} | ${green.exported.twinned} of ${green.exported.functions} | ${nativeSeconds.toFixed(1)} | ${greenSeconds.toFixed(1)} |`);
}
