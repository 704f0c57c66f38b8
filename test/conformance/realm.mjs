/**
 * A fresh ECMAScript realm per test run (a `vm` context), with the host-defined bindings test262 expects
 * (`print`, `$262`), and, for transformed runs, greenhack's runtime loaded *inside* that realm.
 *
 * The runtime is evaluated in the realm (as ES modules from dist/, via vm.SourceTextModule) rather than
 * shared with the runner, so that compiled code sees the realm's own built-ins with their green versions
 * installed, exactly as a program sees its process's built-ins after `import 'greenhack'`.
 */
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './test262.mjs';

const DONT_CONTEXTIFY = vm.constants?.DONT_CONTEXTIFY;
const distUrl = pathToFileURL(join(repoRoot, 'dist') + '/').href;
const runtimeSources = new Map();
const codeCache = new Map();
const builtins = new Map();
let moduleCount = 0;

/**
 * Node never frees a vm module, and looks modules up by identifier in a table that slows down with every
 * module sharing one: each gets a unique identifier (`file#n`). The runner replaces its worker processes
 * as their heap grows.
 */
export function uniqueIdentifier(file) {
  return `${file}#${++moduleCount}`;
}

/** Creates a realm: `{ context, global, printed, onPrint, entryTask }`. `hooks.dynamicImport` serves `import()`. */
export function createRealm(hooks = {}) {
  // Node >= 22.8 can give the context an ordinary global object; before that the global is an interceptor
  // over a sandbox object, which is what `vm` offers there.
  const context = vm.createContext(DONT_CONTEXTIFY ?? {});
  const global = vm.runInContext('globalThis', context);
  const realm = { context, global, printed: [], onPrint: undefined, entryTask: undefined, hooks };
  installHostGlobals(global);
  const host = {
    print(message) {
      realm.printed.push(message);
      realm.onPrint?.(message);
    },
    createRealm: () => createRealm(hooks).global.$262,
    evalScript(source) {
      let script;
      try {
        script = new vm.Script(source, { filename: 'evalScript', importModuleDynamically: hooks.dynamicImport });
      } catch (error) {
        // The parse error is the runner's realm's; the test expects its own realm's constructor.
        const Ctor = global[error?.name];
        throw typeof Ctor === 'function' ? new Ctor(error.message) : error;
      }
      return script.runInContext(context);
    },
    detach(buffer) {
      structuredClone(buffer, { transfer: [buffer] });
      return null;
    },
    gc() {
      if (typeof globalThis.gc !== 'function') throw new global.Error('gc is not exposed (node --expose-gc)');
      globalThis.gc();
    },
  };
  // print and $262 are made inside the realm, so they are its own ordinary objects and functions.
  vm.runInContext(`(function (host) {
    var define = function (o, k, v) { Object.defineProperty(o, k, { value: v, writable: true, configurable: true, enumerable: false }); };
    define(globalThis, 'print', function print(message) { host.print(String(message)); });
    define(globalThis, '$262', {
      global: globalThis,
      createRealm: function createRealm() { return host.createRealm(); },
      evalScript: function evalScript(source) { return host.evalScript(String(source)); },
      detachArrayBuffer: function detachArrayBuffer(buffer) { return host.detach(buffer); },
      gc: function gc() { return host.gc(); },
      agent: {},
    });
  })`, context)(host);
  return realm;
}

/** Waits for the first `print`, or `ms` milliseconds (then resolves `undefined`). */
export function firstPrint(realm, ms) {
  if (realm.printed.length > 0) return Promise.resolve(realm.printed[0]);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    realm.onPrint = (message) => {
      clearTimeout(timer);
      realm.onPrint = undefined;
      resolve(message);
    };
  });
}

function runtimeSource(url) {
  let source = runtimeSources.get(url);
  if (source === undefined) runtimeSources.set(url, (source = readFileSync(new URL(url), 'utf8')));
  return source;
}

/**
 * The process a realm's code sees: the real environment, stderr and identity, but listeners are not
 * registered (the runtime's exit and signal hooks would otherwise keep every realm alive) and the exit
 * status is the realm's own.
 */
function processFor() {
  const ignore = function () {
    return this;
  };
  return {
    env: process.env, pid: process.pid, version: process.version, versions: process.versions, platform: process.platform,
    stderr: process.stderr, stdout: process.stdout, exitCode: undefined, emitWarning() {}, uptime: () => process.uptime(),
    on: ignore, once: ignore, off: ignore, addListener: ignore, removeListener: ignore, prependListener: ignore,
  };
}

/**
 * The Node host globals greenhack's runtime may use (timers, queueMicrotask, performance, URL, process…).
 * A vm context has none of them; every realm, native and transformed alike, gets them (non-enumerable,
 * as in Node).
 */
function installHostGlobals(global) {
  const values = {
    queueMicrotask, setTimeout, clearTimeout, setImmediate, clearImmediate, setInterval, clearInterval, structuredClone,
    URL, URLSearchParams, performance, console, TextEncoder, TextDecoder, AbortController, AbortSignal, EventTarget, Event,
    process: processFor(),
  };
  for (const [key, value] of Object.entries(values)) Object.defineProperty(global, key, { value, writable: true, configurable: true });
}

/**
 * Evaluates dist/index.js (greenhack's runtime) in the realm, linking Node's built-in modules to the
 * runner's own. The realm's `__gh.entry` is the runtime's own (a Task over the entry generator) minus the
 * fatal-error report that `greenhack run` adds, so the runner gets the task's promise and sees the error
 * object a transformed test throws.
 */
export async function loadRuntime(realm) {
  const modules = new Map();
  const get = (url) => {
    let module = modules.get(url);
    if (module === undefined) {
      module = new vm.SourceTextModule(runtimeSource(url), {
        identifier: uniqueIdentifier(url),
        context: realm.context,
        cachedData: codeCache.get(url),
        initializeImportMeta(meta) {
          meta.url = url;
        },
      });
      if (!codeCache.has(url)) codeCache.set(url, module.createCachedData());
      modules.set(url, module);
    }
    return module;
  };
  const builtin = async (specifier) => {
    // Node's built-in modules (node:async_hooks…) are the runner's own, as they are in one process.
    const namespace = builtins.get(specifier) ?? builtins.set(specifier, await import(specifier)).get(specifier);
    const keys = Object.keys(namespace);
    return new vm.SyntheticModule(keys, function () {
      for (const key of keys) this.setExport(key, namespace[key]);
    }, { identifier: uniqueIdentifier(specifier), context: realm.context });
  };
  const linker = (specifier, referrer) => (specifier.startsWith('node:') ? builtin(specifier) : get(new URL(specifier, referrer.identifier.replace(/#.*/, '')).href));
  const root = get(new URL('index.js', distUrl).href);
  await root.link(linker);
  await root.evaluate();
  const { global } = realm;
  const runtime = global[Symbol.for('greenhack.runtime')];
  // Its own module in the realm: index.js reaches it through dist/runtime/bundle.js, not through this file.
  const taskModule = get(new URL('runtime/task.js', distUrl).href);
  await taskModule.link(linker);
  await taskModule.evaluate();
  const { Task } = taskModule.namespace;
  runtime.entry = function entry(chain) {
    const promise = new Task(chain, 'main', entry).start();
    realm.entryTask = promise;
    return promise;
  };
  return runtime;
}
