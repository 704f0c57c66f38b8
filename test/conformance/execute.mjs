/**
 * Runs one test262 test, every run it needs (non-strict/strict/module/raw), natively and transformed.
 *
 * - Scripts: the harness files and the test are concatenated into one script (they share one global
 *   scope in test262), "use strict"; first for the strict run. Natively it runs as a `vm.Script` in a fresh
 *   realm. Transformed, the same text is compiled by `transform(text, { entry: true, sourceType:
 *   'script' })` (parsed as a script, so top-level `return` is an early error; emitted as for CommonJS), and the
 *   output runs as a `vm.Script` in the same kind of realm, with greenhack's runtime loaded in it and
 *   `__filename` defined (the output registers its file under that name). Its top-level code then runs as
 *   a green task; the runner awaits that task's promise.
 * - Modules: the harness runs first as a script (compiled green, not as an entry, in transformed runs),
 *   then the test as a `vm.SourceTextModule`. Its imports (`./x_FIXTURE.js`, the test itself, JSON with
 *   `with { type: 'json' }`) are read from the test's directory; transformed, each imported module is
 *   compiled green and the test itself with `entry: true`.
 * - Phases: `parse` = the source (native) or the transform / the compiled output (transformed) is
 *   rejected before anything runs (a `TransformError` is a `SyntaxError`); `resolution` = module linking;
 *   `runtime` = anything thrown while running, including a rejected green task.
 */
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRealm, firstPrint, loadRuntime, uniqueIdentifier } from './realm.mjs';
import { harnessFiles, test262Dir } from './test262.mjs';

const { transform, TransformError } = await import(new URL('../../dist/transform/index.js', import.meta.url).href);

/** How long an async test or a pending module/task may take before it counts as a timeout. */
export const ASYNC_TIMEOUT_MS = 4000;
const harnessCache = new Map();

function harnessSource(meta) {
  const key = harnessFiles(meta).join(',');
  let text = harnessCache.get(key);
  if (text === undefined) {
    text = harnessFiles(meta).map((name) => readFileSync(join(test262Dir, 'harness', name), 'utf8')).join('\n');
    harnessCache.set(key, text);
  }
  return text;
}

const TIMEOUT = Symbol('timeout');
function withTimeout(promise, ms) {
  let timer;
  const limit = new Promise((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** The module graph of one run: the test (root) and the files it imports, natively or compiled green. */
class ModuleHost {
  constructor(realm, green, rootFile) {
    this.realm = realm;
    this.green = green;
    this.rootFile = rootFile;
    this.modules = new Map();
    this.root = undefined;
    this.files = new WeakMap();
    this.link = (specifier, referrer, extra) => this.resolve(specifier, this.files.get(referrer) ?? rootFile, extra?.attributes ?? extra?.assert);
    // One link and one evaluation per module: a module imported again while it is linking or evaluating
    // (a module importing itself, two imports in a row) waits for the first.
    this.started = new Map();
    this.dynamicImport = async (specifier, referrer, attributes) => {
      const module = this.resolve(specifier, this.files.get(referrer) ?? rootFile, attributes);
      try {
        await this.evaluate(module);
      } catch (error) {
        // An evaluation error is the module's own (Node rethrows it); a linking error rejects the import.
        if (module.status !== 'errored') throw error;
      }
      return module;
    };
  }

  evaluate(module) {
    let done = this.started.get(module);
    if (done === undefined) {
      // Recorded before the module body runs (evaluate() runs it synchronously), so that an import of
      // the module from its own body finds it.
      done = Promise.resolve().then(async () => {
        if (module.status === 'unlinked') await module.link(this.link);
        if (module.status !== 'errored' && module.status !== 'evaluated') await module.evaluate();
      });
      this.started.set(module, done);
    }
    return done;
  }

  resolve(specifier, fromFile, attributes) {
    const file = resolve(dirname(fromFile), specifier);
    const json = attributes?.type === 'json';
    const key = `${json ? 'json:' : ''}${file}`;
    let module = this.modules.get(key);
    if (module) return module;
    if (file === this.rootFile && !json && this.root) return this.root;
    const source = readFileSync(file, 'utf8');
    const { context } = this.realm;
    if (json) {
      const value = vm.runInContext('JSON.parse', context)(source);
      module = new vm.SyntheticModule(['default'], function () {
        this.setExport('default', value);
      }, { identifier: uniqueIdentifier(file), context });
    } else {
      const code = this.green ? transform(source, { filename: file, sourceType: 'module' }).code : source;
      module = this.sourceModule(code, file);
    }
    this.modules.set(key, module);
    return module;
  }

  sourceModule(code, file) {
    const module = new vm.SourceTextModule(code, {
      identifier: uniqueIdentifier(file),
      context: this.realm.context,
      initializeImportMeta(meta) {
        meta.url = pathToFileURL(file).href;
      },
      importModuleDynamically: this.dynamicImport,
    });
    this.files.set(module, file);
    return module;
  }
}

/** Runs one run of a test; resolves `{ phase, error }` (phase undefined when nothing was thrown). */
async function runOnce(test, variant, green) {
  const { meta, file } = test;
  const realm = createRealm();
  const host = new ModuleHost(realm, green, file);
  realm.hooks.dynamicImport = host.dynamicImport;
  const fail = (phase, error) => ({ phase, error });

  if (green) {
    await loadRuntime(realm);
    Object.defineProperty(realm.global, '__filename', { value: file, writable: true, configurable: true });
  }
  if (variant === 'module') {
    const harness = harnessSource(meta);
    const harnessFile = join(test262Dir, 'harness', 'harness.js');
    try {
      const code = green ? transform(harness, { filename: harnessFile, sourceType: 'script' }).code : harness;
      new vm.Script(code, { filename: harnessFile }).runInContext(realm.context);
    } catch (error) {
      return fail('harness', error);
    }
    let root;
    try {
      const code = green ? transform(test.source, { filename: file, sourceType: 'module', entry: true }).code : test.source;
      root = host.root = host.sourceModule(code, file);
    } catch (error) {
      return fail('parse', error);
    }
    try {
      await root.link(host.link);
    } catch (error) {
      return fail('resolution', error);
    }
    try {
      if ((await withTimeout(host.evaluate(root), ASYNC_TIMEOUT_MS)) === TIMEOUT) return fail('timeout', new Error('module evaluation did not settle'));
    } catch (error) {
      return fail('runtime', error);
    }
  } else {
    const prefix = variant === 'strict' ? '"use strict";\n' : '';
    const source = variant === 'raw' ? test.source : `${prefix}${harnessSource(meta)}\n${test.source}`;
    let script;
    try {
      const code = green ? transform(source, { filename: file, sourceType: 'script', entry: true }).code : source;
      script = new vm.Script(code, { filename: file, importModuleDynamically: host.dynamicImport });
    } catch (error) {
      return fail('parse', error);
    }
    try {
      script.runInContext(realm.context);
      if (realm.entryTask && (await withTimeout(realm.entryTask, ASYNC_TIMEOUT_MS)) === TIMEOUT) return fail('timeout', new Error('green task did not settle'));
    } catch (error) {
      return fail('runtime', error);
    }
  }
  if (meta.flags.includes('async')) {
    const message = await firstPrint(realm, ASYNC_TIMEOUT_MS);
    if (message === undefined) return fail('timeout', new Error('async test did not call $DONE'));
    if (message !== 'Test262:AsyncTestComplete') return fail('runtime', { name: 'AsyncTestFailure', message });
  }
  return { phase: undefined, error: undefined };
}

function errorName(error) {
  if (error instanceof TransformError) return 'SyntaxError';
  try {
    return error?.constructor?.name ?? typeof error;
  } catch {
    return 'unknown';
  }
}

function describe(error) {
  try {
    const text = error instanceof Error || (error && typeof error === 'object' && 'message' in error) ? `${errorName(error)}: ${error.message}` : String(error);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return 'an error that cannot be described';
  }
}

/** `{ pass, detail }`: whether the outcome is what the test's metadata asks for. */
export function judge(meta, outcome) {
  const { phase, error } = outcome;
  const expected = meta.negative;
  if (expected) {
    if (phase === expected.phase && errorName(error) === expected.type) return { pass: true };
    const got = phase ? `${phase} ${describe(error)}` : 'no error';
    return { pass: false, detail: `expected ${expected.phase} ${expected.type}, got ${got}` };
  }
  return phase ? { pass: false, detail: `${phase}: ${describe(error)}` } : { pass: true };
}

/** One run of `test` (`variant`: sloppy, strict, module or raw), natively or transformed: `{ pass, detail }`. */
export async function runVariant(test, variant, green) {
  const result = judge(test.meta, await runOnce(test, variant, green));
  // Let the realm's leftover promise jobs drain before the next run starts.
  await new Promise((resolve) => setImmediate(resolve));
  return result;
}
