/**
 * Twins of methods. A class method's twin is a generator method in the same class body (so `super`
 * works), under a symbol key; a static block at the top of the body moves each twin onto its method
 * before any static field runs. An object literal's methods get their twins from a second literal.
 */
import type { Node } from '../ast.ts';
import type { Fragment } from '../output.ts';
import { type Ctx, type EmittedNames, PLAIN, maskCondition } from './emit-context.ts';
import type { Emitter } from './emit-twins.ts';
import type { FnPlan } from './plan-twins.ts';
import type { ReceiverClass } from './plan-receivers.ts';

type ClassMethodAttach = { kind: 'class-method' | 'private-method'; isStatic: boolean; key: string; keyIndex: number };

/** The private name of a private method's twin. */
export function privateTwinName(emitter: Emitter, name: string): string {
  return `#${emitter.names.runtime}_${name}`;
}

/** The module-level variable holding a guarded class's receiver spec (plan-receivers.ts). */
export function guardName(names: EmittedNames, c: ReceiverClass): string {
  return `${names.runtime}S${c.index}`;
}

/**
 * A guarded class gets its receiver spec in its static block (the class itself is not changed):
 * `static { …; S0 = runtime.fs(this, ["m", …], [["field", 0 | () => Class], …], [() => Made, …], sealed); }`.
 */
function receiverSpec(emitter: Emitter, c: ReceiverClass): string {
  const { runtime } = emitter.names;
  const names = specNames(c);
  const fields = [...c.fields].map(([field, kind]) => `[${JSON.stringify(field)}, ${kind.kind === 'string' ? 0 : `() => ${kind.name}`}]`);
  const protos = [...c.protos].map((name) => `() => ${name}`);
  const rest = c.sealed ? `, [${protos.join(', ')}], 1` : protos.length > 0 ? `, [${protos.join(', ')}]` : '';
  return `${guardName(emitter.names, c)} = ${runtime}.fs(this, ${JSON.stringify(names)}, [${fields.join(', ')}]${rest});`;
}

/** The names a class's spec lists, in order: what its methods resolved, and the guarded methods themselves. */
function specNames(c: ReceiverClass): string[] {
  return [...new Set([...c.checked, ...c.fast.map((fn) => (fn.attach as ClassMethodAttach).key)])];
}

/**
 * `, mask` for a guard that needs only some of its spec's names and fields (bit i: the i-th name, then the
 * fields after the names), or nothing when it needs them all or there are more than 31.
 */
function guardSubset(fn: FnPlan, c: ReceiverClass): string {
  const names = specNames(c);
  const fields = [...c.fields.keys()];
  const uses = fn.guardUses;
  if (!uses || names.length + fields.length > 31) return '';
  let mask = 0;
  names.forEach((name, i) => { if (uses.names.has(name)) mask |= 1 << i; });
  fields.forEach((field, i) => { if (uses.fields.has(field)) mask |= 1 << (names.length + i); });
  return mask === 2 ** (names.length + fields.length) - 1 ? '' : `, ${mask}`;
}

/** `class A { m() {…} }` → `class A { static { move twins } m() {…} *[K[0]]() {…twin…} }` */
export function emitClassBody(emitter: Emitter, body: Node, ctx: Ctx, out: Fragment): void {
  const methods = emitter.plan.classTwins.get(body) ?? [];
  const guarded = emitter.plan.guarded.find((c) => c.body === body);
  const { runtime, classKeys, apply } = emitter.names;
  const entries = methods.filter((fn) => fn.attach.kind === 'class-method').map((fn) => {
    const attach = fn.attach as ClassMethodAttach;
    return `[${attach.isStatic ? 1 : 0}, ${JSON.stringify(attach.key)}, ${classKeys}[${attach.keyIndex}]]`;
  });
  out.copy(body.start, body.start + 1);
  const setup = [entries.length > 0 ? `${runtime}.mv(this, [${entries.join(', ')}]);` : '', guarded ? receiverSpec(emitter, guarded) : ''].filter(Boolean);
  if (setup.length > 0) out.write(`static { ${setup.join(' ')} }`);
  let position = body.start + 1;
  for (const element of body.body as Node[]) {
    out.copy(position, element.start);
    emitter.emit(element, ctx, out, body);
    position = element.end;
  }
  out.copy(position, body.end - 1);
  for (const fn of methods) {
    const attach = fn.attach as ClassMethodAttach;
    const key = attach.kind === 'private-method' ? privateTwinName(emitter, attach.key) : `[${classKeys}[${attach.keyIndex}]]`;
    // `;` first: a field before it without a semicolon (`x = 1`) would take `*` as multiplication.
    out.write(`;${attach.isStatic ? 'static ' : ''}*${key}(`, fn.node.start);
    // A guarded twin: when `this` is an ordinary instance of the class as written, the original runs plain.
    const spec = fn.fast ? guardName(emitter.names, fn.fast) : '';
    const checked = fn.checkMask !== undefined ? `${maskCondition(emitter.names, fn.checkMask)} && ` : '';
    const subset = fn.fast ? guardSubset(fn, fn.fast) : '';
    const prologue = spec ? ` if (${checked}${spec} !== void 0 && ${runtime}.fast(this, ${spec}${subset})) return ${apply}(${spec}.m[${JSON.stringify(attach.key)}], this, arguments);` : '';
    emitter.writeMethodTail(fn, PLAIN, out, prologue);
  }
  out.copy(body.end - 1, body.end);
}

/** `{ m() {…} }` → `runtime.om({ m() {…} }, { *"m"() {…twin…} })` */
export function emitObjectWithTwins(emitter: Emitter, object: Node, ctx: Ctx, out: Fragment, isNewCallee: boolean): void {
  const methods: FnPlan[] = emitter.plan.objectTwins.get(object)!;
  out.write(`${isNewCallee ? '(' : ''}${emitter.names.runtime}.om(`, object.start);
  emitter.emitChildren(object, ctx, out);
  out.write(', {');
  methods.forEach((fn, i) => {
    out.write(`${i > 0 ? ', ' : ''}*${JSON.stringify((fn.attach as { key: string }).key)}(`, fn.node.start);
    emitter.writeMethodTail(fn, PLAIN, out);
  });
  out.write(isNewCallee ? '}))' : '})');
}
