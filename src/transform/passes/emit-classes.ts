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

type ClassMethodAttach = { kind: 'class-method'; isStatic: boolean; key: string; keyIndex: number };

/** `class A { m() {…} }` → `class A { static { move twins } m() {…} *[K[0]]() {…twin…} }` */
export function emitClassBody(emitter: Emitter, body: Node, ctx: Ctx, out: Fragment): void {
  const methods = emitter.plan.classTwins.get(body)!;
  const { runtime, classKeys } = emitter.names;
  const entries = methods.map((fn) => {
    const attach = fn.attach as ClassMethodAttach;
    return `[${attach.isStatic ? 1 : 0}, ${JSON.stringify(attach.key)}, ${classKeys}[${attach.keyIndex}]]`;
  });
  out.copy(body.start, body.start + 1).write(`static { ${runtime}.mv(this, [${entries.join(', ')}]); }`);
  let position = body.start + 1;
  for (const element of body.body as Node[]) {
    out.copy(position, element.start);
    emitter.emit(element, ctx, out, body);
    position = element.end;
  }
  out.copy(position, body.end - 1);
  for (const fn of methods) {
    const attach = fn.attach as ClassMethodAttach;
    out.write(` ${attach.isStatic ? 'static ' : ''}*[${classKeys}[${attach.keyIndex}]](`, fn.node.start);
    emitter.writeMethodTail(fn, PLAIN, out);
  }
  out.copy(body.end - 1, body.end);
}

/** `{ m() {…} }` → `runtime.om({ m() {…} }, { *"m"() {…twin…} })` */
export function emitObjectWithTwins(emitter: Emitter, object: Node, ctx: Ctx, out: Fragment): void {
  const methods: FnPlan[] = emitter.plan.objectTwins.get(object)!;
  out.write(`${emitter.names.runtime}.om(`, object.start);
  emitter.emitChildren(object, ctx, out);
  out.write(', {');
  methods.forEach((fn, i) => {
    out.write(`${i > 0 ? ', ' : ''}*${JSON.stringify((fn.attach as { key: string }).key)}(`, fn.node.start);
    emitter.writeMethodTail(fn, PLAIN, out);
  });
  out.write('})');
}
