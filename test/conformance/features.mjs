/**
 * test262 `features` that the Node running the tests lacks. Only these are skipped, and each is decided by
 * probing this Node (a fresh realm per probe), never by a fixed list: Node 24 runs what Node 20 skips.
 * A probe returns true when the feature works; a script that fails to compile counts as false.
 */
import vm from 'node:vm';

const script = (source) => () => vm.runInNewContext(`(function () { ${source} })()`) === true;
const moduleSyntax = (source) => () => {
  new vm.SourceTextModule(source);
  return true;
};
const never = () => false;

/** feature → [what Node lacks when the probe fails, probe] */
export const PROBES = {
  'import-defer': ['`import defer` syntax', moduleSyntax('import defer * as ns from "./x.js";')],
  'source-phase-imports': ['`import source` syntax', moduleSyntax('import source x from "./x.js";')],
  // `import source x from '<module source>'` needs the host to make a module source (a wasm module);
  // neither Node's vm modules nor this runner's host can.
  'source-phase-imports-module-source': ['a host that provides `<module source>` (vm modules cannot)', never],
  decorators: ['decorator syntax', script('function d() {} @d class C {} return true;')],
  'explicit-resource-management': ['`using` declarations', script('{ using x = null; } return typeof Symbol.dispose === "symbol";')],
  'Array.fromAsync': ['Array.fromAsync', script('return typeof Array.fromAsync === "function";')],
  'regexp-modifiers': ['RegExp modifiers `(?i:…)`', script('return new RegExp("(?i:a)").test("A");')],
  'import-attributes': ['import attributes (`with { type }`)', moduleSyntax('import x from "./x.json" with { type: "json" };')],
  'json-modules': ['JSON modules (`with { type: "json" }`)', moduleSyntax('import x from "./x.json" with { type: "json" };')],
  'import-text': ['text modules (`with { type: "text" }`)', never],
  'import-bytes': ['bytes modules (`with { type: "bytes" }`)', never],
  'immutable-arraybuffer': ['immutable ArrayBuffers', script('return typeof ArrayBuffer.prototype.transferToImmutable === "function";')],
  'promise-with-resolvers': ['Promise.withResolvers', script('return typeof Promise.withResolvers === "function";')],
  'resizable-arraybuffer': ['resizable ArrayBuffers', script('return typeof ArrayBuffer.prototype.resize === "function";')],
  'change-array-by-copy': ['Array.prototype.toSorted and friends', script('return typeof [].toSorted === "function";')],
  'array-find-from-last': ['Array.prototype.findLast', script('return typeof [].findLast === "function";')],
  'tail-call-optimization': ['proper tail calls (V8 has none)', script('"use strict"; function f(n) { return n === 0 ? true : f(n - 1); } try { return f(1e6); } catch (e) { return false; }')],
  IsHTMLDDA: ['an [[IsHTMLDDA]] object (document.all; no Node API gives one)', never],
  'nonextensible-applies-to-private': [
    'private fields refused on non-extensible objects',
    script('class B { constructor(o) { return o; } } class C extends B { #x = 1; } try { new C(Object.preventExtensions({})); return false; } catch (e) { return e instanceof TypeError; }'),
  ],
};

let lacking;

/** `Map<feature, reason>` of the features this Node lacks (probed once per process). */
export function lackingFeatures() {
  if (lacking) return lacking;
  lacking = new Map();
  for (const [feature, [what, probe]] of Object.entries(PROBES)) {
    let works = false;
    try {
      works = probe();
    } catch {
      works = false;
    }
    if (!works) lacking.set(feature, `Node ${process.version} lacks ${what}`);
  }
  return lacking;
}

/** Why `meta` must be skipped on this Node, or undefined. */
export function skipReason(meta) {
  const missing = lackingFeatures();
  for (const feature of meta.features) if (missing.has(feature)) return `feature ${feature}: ${missing.get(feature)}`;
  if (meta.flags.includes('CanBlockIsFalse')) return 'flag CanBlockIsFalse: Node\'s main thread can block';
  return undefined;
}
