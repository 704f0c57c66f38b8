/** Members of the program's classes and object literals, as the checker resolves `a.b`. */
import type { ClassInfo, Scope } from './model.ts';
import { type Node, keyName } from './syntax.ts';
import { type Evaluator, UNKNOWN, type Value } from './values.ts';

/** A property of an object literal: the last definition of it, unless a spread may have replaced it. */
export function objectMember(ev: Evaluator, object: Node, scope: Scope, name: string, depth: number): Value {
  let found: Value = UNKNOWN;
  for (const property of object.properties as Node[]) {
    if (property.type === 'SpreadElement') found = UNKNOWN;
    else if (keyName(property.key, property.computed) === name) {
      if (property.kind !== 'init') found = UNKNOWN;
      else found = ev.value(property.value, scope, depth);
    }
  }
  return found;
}

/**
 * A member of a class (static) or of its instances: a method, a field's initialiser or annotation, what the
 * constructor assigns, up the `extends` chain; a class that extends a package's class inherits from code
 * outside the green scope.
 */
export function classMember(ev: Evaluator, cls: ClassInfo, name: string, isStatic: boolean, depth: number): Value {
  for (let c: ClassInfo | undefined = cls, hops = 0; c && hops < 20; hops++) {
    const method = (isStatic ? c.staticMethods : c.methods).get(name);
    if (method) return { t: 'fn', fn: method };
    const field = (isStatic ? c.staticFields : c.fields).get(name);
    if (field) {
      if (field.value) return ev.value(field.value, field.scope, depth);
      const assigned = isStatic ? undefined : c.assigned.get(name);
      if (assigned) return ev.value(assigned.value, assigned.scope, depth);
      return field.type ? ev.typeValue(field.type, field.scope) : UNKNOWN;
    }
    const assigned = isStatic ? undefined : c.assigned.get(name);
    if (assigned) return ev.value(assigned.value, assigned.scope, depth);
    if (!c.node.superClass) return UNKNOWN;
    const parent = ev.value(c.node.superClass, c.scope, depth);
    if (parent.t === 'untransformed') return parent;
    c = parent.t === 'class' ? parent.cls : undefined;
  }
  return UNKNOWN;
}
