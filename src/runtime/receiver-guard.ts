/**
 * The receiver guard of compiled classes (see src/transform/passes/plan-receivers.ts). A guarded twin
 * runs its original as plain code when `this` is an ordinary object (no Proxy) whose prototype is exactly
 * its class's, nothing shadows or replaces the methods the analysis resolved, and the fields it resolved
 * through hold what the analysis assumed (a string, or an object passing its own class's guard).
 *
 * A Proxy is refused first, by `isProxy`, so that the checks after it run no trap: the guard has no
 * side effects. (A private brand would do the same, but adding one to the class would change every
 * instance's shape, outside tasks too, where compiled code must run as written.)
 */
import { builtinModule } from '../node-features.ts';

/** What one class's guard checks. Made once per class, in its static block. */
export interface ReceiverSpec {
  proto: Record<string, unknown>;
  names: readonly string[];
  originals: readonly unknown[];
  /** Field name → 0 (a string) or the class whose guard its value must pass. */
  fields: readonly (readonly [string, 0 | (() => unknown)])[];
  /** Classes whose instances the methods make and call (`new C().m()`): their methods must be as written. */
  protos: readonly (() => unknown)[];
  /** The originals by name, for the twin to run. */
  m: Record<string, unknown>;
  /**
   * Only the compiled module's code can reach the class's prototype or an instance
   * (plan-sealed-classes.ts): an instance is as its class made it, so only its fields need checking.
   */
  sealed: boolean;
}

const specs = new WeakMap<object, ReceiverSpec>();
const { getPrototypeOf, hasOwn } = Object;
/** `o.__lookupGetter__(k)` as the runtime found it: on an own property, it reads no prototype and runs nothing. */
const lookupGetter: (o: object, key: string) => unknown = Function.prototype.call.bind((Object.prototype as { __lookupGetter__(key: string): unknown }).__lookupGetter__) as never;

/** An own data property of `o` (not a getter: reading it runs no code and gives the same value twice). */
function ownData(o: object, key: string): boolean {
  return hasOwn(o, key) && lookupGetter(o, key) === undefined;
}
const { isProxy } = builtinModule('node:util').types;
/** Field guards nest (a parser holds a lexer); a cycle of fields must not recurse for ever. */
const MAX_DEPTH = 4;

/** Records the guard of `klass`, with its methods as they are now. */
export function receiverSpec(klass: { prototype: Record<string, unknown> }, names: readonly string[], fields: ReceiverSpec['fields'], protos: ReceiverSpec['protos'] = [], sealed = 0): ReceiverSpec {
  const proto = klass.prototype;
  const m: Record<string, unknown> = Object.create(null);
  const originals = names.map((name) => (m[name] = proto[name]));
  const spec: ReceiverSpec = { proto, names, originals, fields, protos, m, sealed: sealed === 1 };
  specs.set(klass, spec);
  return spec;
}

/**
 * Whether `self` is an ordinary instance of the spec's class as compiled (see the file comment). `uses`:
 * the names and fields the guarded method's plain run relies on, as a mask (bit i: the i-th name, then the
 * fields after the names); a method it never reaches may be patched without changing what it does.
 */
export function receiverIsPlain(self: unknown, spec: ReceiverSpec, uses = -1): boolean {
  return plainInstance(self, spec, uses, 0);
}

function plainInstance(self: unknown, spec: ReceiverSpec, uses: number, depth: number): boolean {
  if (typeof self !== 'object' || self === null) return false;
  const sealed = spec.sealed;
  const names = spec.names;
  if (!sealed) {
    if (isProxy(self) || getPrototypeOf(self) !== spec.proto) return false;
    for (let i = 0; i < names.length; i++) if ((uses & (1 << i)) !== 0 && hasOwn(self, names[i]!)) return false;
  }
  // (Sealed: its own methods are as written, but not necessarily those of the classes it makes.)
  if (!methodsAsWritten(spec, uses, depth)) return false;
  const fields = spec.fields;
  for (let i = 0; i < fields.length; i++) {
    if ((uses & (1 << (names.length + i))) === 0) continue;
    const [field, kind] = fields[i]!;
    // Only an own data property: reading through a getter, or up a prototype chain that ends in a Proxy,
    // would run code here and again in the plain run, which could then see another value. (A sealed
    // instance's fields are what its module stored: the class defines no accessor under a field's name.)
    if (!sealed && !ownData(self, field)) return false;
    const value = (self as Record<string, unknown>)[field];
    if (kind === 0) {
      if (typeof value !== 'string') return false;
      continue;
    }
    if (depth >= MAX_DEPTH) return false;
    const inner = specOf(kind);
    if (inner === undefined || !plainInstance(value, inner, -1, depth + 1)) return false;
  }
  return true;
}

/**
 * Whether a class's prototype still holds the methods the analysis resolved (those in `uses`), and the
 * classes its methods make and call all theirs. An instance its constructor makes starts with no own
 * property of those names (plan-receivers.ts, createdClass), so its methods then run as the analysis saw them.
 */
function methodsAsWritten(spec: ReceiverSpec, uses: number, depth: number): boolean {
  const { names, originals, proto, protos } = spec;
  // (Another module may have made one an accessor: its getter would run here and again in the plain run.
  // A sealed class's prototype no other module can reach.)
  if (!spec.sealed) {
    for (let i = 0; i < names.length; i++) {
      if ((uses & (1 << i)) !== 0 && (!ownData(proto, names[i]!) || proto[names[i]!] !== originals[i])) return false;
    }
  }
  if (protos.length > 0 && depth >= MAX_DEPTH) return false;
  for (let i = 0; i < protos.length; i++) {
    const inner = specOf(protos[i]!);
    if (inner === undefined || !methodsAsWritten(inner, -1, depth + 1)) return false;
  }
  return true;
}

function specOf(reference: () => unknown): ReceiverSpec | undefined {
  let klass: unknown;
  try {
    klass = reference();
  } catch {
    return undefined; // not initialised yet (TDZ)
  }
  return typeof klass === 'function' ? specs.get(klass) : undefined;
}

/** The guard of a module-level function that makes instances of the spec's class and calls their methods. */
export function classAsWritten(spec: ReceiverSpec | undefined): boolean {
  return spec !== undefined && methodsAsWritten(spec, -1, 0);
}
