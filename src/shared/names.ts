/**
 * The only things the transform and the runtime agree on. The transform emits code that reads these
 * keys; the runtime installs itself under them. Neither side imports the other.
 */

/** `Symbol.for` key of the property that holds a function's generator twin. */
export const TWIN_SYMBOL_KEY = 'greenhack.twin';

/**
 * `Symbol.for` key of the property on a twin that names the function it belongs to. A call site uses a
 * twin only if it belongs to the very function being called, so a twin is never reached through a
 * Proxy, a function's [[Prototype]], or a copy made by `Object.assign`.
 */
export const OWNER_SYMBOL_KEY = 'greenhack.owner';

/**
 * `Symbol.for` key of a mark on a built-in (`map`, `forEach`, `sort`, …) whose green version differs from
 * it only when a function argument has a twin; the mark's value is the built-in itself. A call site whose
 * arguments are all functions without twins (or literals) calls the built-in itself.
 */
export const CALLBACKS_ONLY_SYMBOL_KEY = 'greenhack.callbacksOnly';

/** `Symbol.for` key under which the runtime publishes the helpers that compiled code calls. */
export const RUNTIME_SYMBOL_KEY = 'greenhack.runtime';

/** Bumped whenever the emitted code or the helper protocol changes; part of the loader's cache key. */
export const PROTOCOL_VERSION = 11;

/** Environment variable naming the entry module that `greenhack run` compiles as a green task. */
export const ENTRY_ENV = 'GREENHACK_ENTRY';
