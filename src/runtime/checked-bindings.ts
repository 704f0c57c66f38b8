/**
 * The check of a compiled module's checked bindings (src/transform/passes/plan-checked-bindings.ts): a
 * module-level `const` the analysis could not see into is called by compiled code as written, when its
 * value is one that a twin's dispatch would call as written too. Then a function that depends on it runs
 * exactly as its twin would, and its guarded twin may run it plainly.
 */
import { builtinModule } from '../node-features.ts';
import { type AnyFunction, twinOf } from './twin.ts';

const { isProxy } = builtinModule('node:util').types;
/** Guarded module-level functions whose module's checks passed for good: as plain as twinless ones. */
const ready = new WeakSet<AnyFunction>();

/**
 * A function the dispatch calls as written: it has no twin of its own (so no twin would run), or it is a
 * guarded function of a module whose checks passed. A Proxy is refused without reading it (no trap runs).
 */
function callsAsWritten(value: unknown): boolean {
  if (typeof value !== 'function' || isProxy(value)) return false;
  return twinOf(value) === undefined || ready.has(value as AnyFunction);
}

/** `B = ri(B, bit, a, b)` right after a checked declaration: `bit` joins the mask when every value passes. */
export function checkBindings(mask: number | undefined, bit: number, ...values: unknown[]): number {
  for (const value of values) if (!callsAsWritten(value)) return mask ?? 0;
  return (mask ?? 0) | bit;
}

/** `rd(B, [[f, m], …])` at the end of a module's body: its guarded functions whose bits are all set. */
export function markReady(mask: number | undefined, functions: readonly (readonly [AnyFunction, number])[]): void {
  for (const [fn, needs] of functions) if (((mask ?? 0) & needs) === needs) ready.add(fn);
}
