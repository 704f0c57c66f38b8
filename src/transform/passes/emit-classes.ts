/**
 * Twins of methods. A class method's twin is a generator method in the same class body (so `super`
 * works), under a symbol key; a static block at the top of the body moves each twin onto its method
 * before any static field runs. An object literal's methods get their twins from a second literal.
 */
import type { Node } from '../ast.ts';
import type { Fragment } from '../output.ts';
import { type Ctx, PLAIN } from './emit-context.ts';
import type { Emitter } from './emit-twins.ts';
import type { FnPlan } from './plan-twins.ts';

type ClassMethodAttach = { kind: 'class-method' | 'private-method'; isStatic: boolean; key: string; keyIndex: number };

/** The private name of a private method's twin. */
export function privateTwinName(emitter: Emitter, name: string): string {
  return `#${emitter.names.runtime}_${name}`;
}

/** `class A { m() {…} }` → `class A { static { move twins } m() {…} *[K[0]]() {…twin…} }` */
export function emitClassBody(emitter: Emitter, body: Node, ctx: Ctx, out: Fragment): void {
  const methods = emitter.plan.classTwins.get(body)!;
  const { runtime, classKeys } = emitter.names;
  const entries = methods.filter((fn) => fn.attach.kind === 'class-method').map((fn) => {
    const attach = fn.attach as ClassMethodAttach;
    return `[${attach.isStatic ? 1 : 0}, ${JSON.stringify(attach.key)}, ${classKeys}[${attach.keyIndex}]]`;
  });
  out.copy(body.start, body.start + 1);
  if (entries.length > 0) out.write(`static { ${runtime}.mv(this, [${entries.join(', ')}]); }`);
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
    emitter.writeMethodTail(fn, PLAIN, out);
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
