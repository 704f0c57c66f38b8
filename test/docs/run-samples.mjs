// Runs the samples of one Markdown file (test/docs/extract.mjs says which and how) in real child processes,
// in a directory of its own under .scratch/ inside the repository, so that `import … from 'greenhack'`
// resolves to this package (a self-reference) and the files are in the green scope.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';
import { extractSamples, matchOutput, outputComplete } from './extract.mjs';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const scratchRoot = join(repoRoot, '.scratch', 'docs-samples');
const cli = join(repoRoot, 'dist/cli/main.js');

/** `greenhack` and `node` on PATH for shell samples: this Node (so the Node 24 run uses Node 24) and this build. */
function shims(dir) {
  const bin = join(dir, '.bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'greenhack'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  writeFileSync(join(bin, 'node'), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(join(bin, 'greenhack'), 0o755);
  chmodSync(join(bin, 'node'), 0o755);
  return bin;
}

function childEnv(extra) {
  const env = { ...process.env, GREENHACK_CACHE: '0', NODE_OPTIONS: '', ...extra };
  for (const name of ['GREENHACK_ENTRY', 'GREENHACK_DEBUG', 'GREENHACK_MODE', 'NODE_TEST_CONTEXT']) if (!(name in extra)) delete env[name];
  return env;
}

/** Runs a command; a server sample is stopped (SIGTERM) once its expected output has appeared. */
function runProcess(command, args, { cwd, env, timeout, stopWhen }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout * 1000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stopWhen && !stopped && stopWhen(stdout)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, stopped, timedOut });
    });
  });
}

/**
 * A syntax error in a TS/JS block, or undefined. `…` stands for elided code, and a block that is the body
 * of a function (a `return` at its top level) is read as one.
 */
export function syntaxError(sample) {
  if (!['ts', 'typescript', 'js', 'javascript'].includes(sample.lang)) return undefined;
  const name = sample.directive.file ?? (sample.lang.startsWith('t') ? 'sample.ts' : 'sample.mjs');
  const code = sample.code.replaceAll('…', '__');
  const { errors } = parseSync(name, code);
  if (errors.length === 0) return undefined;
  if (parseSync(name, `async function sample() {\n${code}\n}`).errors.length === 0) return undefined;
  return errors[0].message;
}

/** Where the samples of a page are written and run. */
export function documentDir(docName) {
  return join(scratchRoot, docName.replace(/\.md$/, '').replaceAll('/', '-'));
}

/**
 * Runs every sample of `markdown` (the file `docName`, for names): `[{ sample, ok, message }]`, in order.
 * Files are written first, then programs and shell blocks run one after another in the document's order.
 */
export async function runDocument(docName, markdown) {
  const samples = extractSamples(markdown);
  const dir = documentDir(docName);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bin = samples.some((s) => s.kind === 'shell') ? shims(dir) : undefined;
  for (const sample of samples) {
    if (sample.kind !== 'file') continue;
    mkdirSync(dirname(join(dir, sample.directive.file)), { recursive: true });
    writeFileSync(join(dir, sample.directive.file), sample.code + '\n');
  }
  const results = [];
  for (const sample of samples) {
    const fail = (message) => results.push({ sample, ok: false, message: `${docName}:${sample.line}: ${message}` });
    const pass = () => results.push({ sample, ok: true });
    if (sample.kind === 'unmarked-shell') {
      fail(`this ${sample.lang} block is neither a command the test can run (node …, greenhack …, npx greenhack …) nor marked: put <!-- sample: no-run (why) --> before it`);
      continue;
    }
    if (sample.kind === 'no-run' || sample.kind === 'file') {
      const error = syntaxError(sample);
      if (error) fail(`this ${sample.kind} sample does not parse: ${error}`);
      else if (sample.kind === 'file' && !samples.some((other) => other !== sample && ['run', 'shell', 'file'].includes(other.kind) && other.code.includes(sample.directive.file.replace(/\.[cm]?[jt]s$/, '')))) {
        fail(`the file ${sample.directive.file} is written but no other sample imports or runs it`);
      } else pass();
      continue;
    }
    const { directive, expected } = sample;
    const options = { cwd: dir, env: childEnv(directive.env ?? {}), timeout: directive.timeout ?? 60, stopWhen: directive.server ? (out) => outputComplete(expected.stdout, out) : undefined };
    let run;
    if (sample.kind === 'shell') {
      options.env.PATH = `${bin}:${options.env.PATH}`;
      run = await runProcess('bash', ['-e', '-o', 'pipefail', '-c', sample.code.replace(/\bnpx greenhack\b/g, 'greenhack')], options);
    } else {
      const file = `sample-${sample.line}.${sample.lang.startsWith('t') ? 'ts' : 'mjs'}`;
      writeFileSync(join(dir, file), sample.code + '\n');
      run = await runProcess(process.execPath, [cli, 'run', file], options);
    }
    const shown = `\n--- stdout ---\n${run.stdout}--- stderr ---\n${run.stderr}`;
    if (run.timedOut) fail(`did not finish within ${options.timeout} s${directive.server ? ' (a server sample is stopped once its expected output appears)' : ''}${shown}`);
    else if (directive.server ? !run.stopped : run.status !== (directive.exit ?? 0)) fail(`exit status ${run.status}${run.signal ? ` (${run.signal})` : ''}, expected ${directive.exit ?? 0}${shown}`);
    else if (expected.stdout !== undefined && !matchOutput(expected.stdout, run.stdout)) fail(`stdout does not match the \`text output\` block:\n--- expected ---\n${expected.stdout}${shown}`);
    else if (expected.stderr !== undefined && !matchOutput(expected.stderr, run.stderr)) fail(`stderr does not match the \`text stderr\` block:\n--- expected ---\n${expected.stderr}${shown}`);
    else pass();
  }
  return results;
}
