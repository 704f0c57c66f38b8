/**
 * The only things the transform and the runtime agree on. The transform emits code that reads these
 * keys; the runtime installs itself under them. Neither side imports the other.
 */

/** `Symbol.for` key of the property that holds a function's generator twin. */
export const TWIN_SYMBOL_KEY = 'greenhack.twin';

/** `Symbol.for` key under which the runtime publishes the helpers that compiled code calls. */
export const RUNTIME_SYMBOL_KEY = 'greenhack.runtime';

/** Bumped whenever the emitted code or the helper protocol changes; part of the loader's cache key. */
export const PROTOCOL_VERSION = 1;

/** Environment variable naming the entry module that `greenhack run` compiles as a green task. */
export const ENTRY_ENV = 'GREENHACK_ENTRY';
