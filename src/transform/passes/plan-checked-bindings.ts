/**
 * Checked bindings: module-level `const`s whose value the analysis cannot see, such as
 * `const debug = require('./debug')` or `const { cmp } = require('./cmp')`, called by name.
 *
 * Calling such a value from a twin dispatches: a function without a twin is called as written. So a
 * function whose only unresolved calls go to such bindings runs exactly as its twin would, *if* each of
 * their values is a function without a twin (or one that another module has checked the same way). The
 * binding is a `const`, so that is a fact about one value, which compiled code checks once, right after the
 * declaration ran: `B = runtime.ri(B, bit, debug)` sets the declaration's bit in the module's mask `B`
 * when every value it bound passes. A function depending on declarations (directly, or through functions
 * and methods it calls) gets a twin whose first statement is the check of their bits; when it holds, the
 * twin runs the original as plain code, like the receiver guard (plan-receivers.ts).
 *
 * At the end of the module's body, `runtime.rd(B, [[f, mask], …])` tells the runtime which of its guarded
 * module-level functions now pass for good, so that other modules' checks accept them too.
 */
import { type Node, children, isFunction, unwrapParens } from '../ast.ts';
import type { FnPlan } from './plan-twins.ts';

/** At most this many declarations get a bit (the mask is a small integer); others stay unresolved. */
const MAX_BITS = 30;

export interface CheckedBinding {
  /** The top-level declaration that binds it (its check is written right after it). */
  statement: Node;
  bit: number;
}

/** What plan-twins records for the emitter. */
export interface CheckedBindings {
  /** Declaration statement → its bit and the names it binds (the values `ri` checks). */
  checks: Map<Node, { bit: number; names: string[] }>;
  /** Module-level functions with a guard, by name, with their mask (for `rd`). */
  ready: [string, number][];
}

/**
 * Module-level `const x = …` and `const { a, b: c } = …` (plain properties, no defaults or rest; also
 * `let` and `var` that nothing assigns) whose names are bound once in the whole module, called somewhere
 * by name, and not already seen through.
 */
export function checkedBindings(program: Node, counts: Map<string, number>, assigned: Set<string>, known: Map<string, FnPlan>, called: Set<string>): Map<string, CheckedBinding> {
  const found = new Map<string, CheckedBinding>();
  let bits = 0;
  for (let statement of program.body as Node[]) {
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration) statement = statement.declaration;
    // A `let` or `var` that nothing assigns holds one value from its declaration on, as a `const` does
    // (postcss writes `let Container = require('./container')`); a `var` is `undefined` before that, and
    // the bit is not set yet then.
    if (statement.type !== 'VariableDeclaration' || (statement.kind !== 'const' && statement.kind !== 'let' && statement.kind !== 'var')) continue;
    const names: string[] = [];
    for (const declarator of statement.declarations as Node[]) {
      if (!declarator.init || isFunction(unwrapParens(declarator.init))) continue;
      for (const name of simpleNames(declarator.id)) if (called.has(name) && counts.get(name) === 1 && !assigned.has(name) && !known.has(name)) names.push(name);
    }
    if (names.length === 0 || bits >= MAX_BITS) continue;
    const bit = 1 << bits++;
    for (const name of names) found.set(name, { statement, bit });
  }
  return found;
}

/** `x` or `{ a, b: c }`: the names; any other pattern: none (a default or a getter could run code). */
function simpleNames(id: Node): string[] {
  if (id.type === 'Identifier') return [id.name];
  if (id.type !== 'ObjectPattern') return [];
  const names: string[] = [];
  for (const property of id.properties as Node[]) {
    if (property.type !== 'Property' || property.computed || unwrapParens(property.value).type !== 'Identifier') return [];
    names.push(property.value.name);
  }
  return names;
}

/** Names called directly (`name(…)`) anywhere in the module. */
export function calledNames(program: Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression') {
      const callee = unwrapParens(node.callee);
      if (callee.type === 'Identifier') names.add(callee.name);
    }
    for (const child of children(node)) visit(child);
  };
  visit(program);
  return names;
}

/**
 * Each function's mask: the bits of the declarations it depends on, directly (`direct`) or through what
 * it calls (`callers`: callee → its callers), for the functions outside `suspending`.
 */
export function dependencyMasks(direct: Map<FnPlan, number>, callers: Map<FnPlan, FnPlan[]>, suspending: Set<FnPlan>): Map<FnPlan, number> {
  return propagate(direct, callers, suspending, (a, b) => a | b, (a, b) => (a | b) === a);
}

/** The same for sets (the classes a function's plain run makes and calls, plan-receivers.ts). */
export function dependencySets<T>(direct: Map<FnPlan, Set<T>>, callers: Map<FnPlan, FnPlan[]>, suspending: Set<FnPlan>): Map<FnPlan, Set<T>> {
  return propagate(direct, callers, suspending, (a, b) => new Set([...a, ...b]), (a, b) => [...b].every((x) => a.has(x)));
}

function propagate<V>(direct: Map<FnPlan, V>, callers: Map<FnPlan, FnPlan[]>, suspending: Set<FnPlan>, join: (a: V, b: V) => V, covers: (a: V, b: V) => boolean): Map<FnPlan, V> {
  const values = new Map<FnPlan, V>();
  const queue: FnPlan[] = [];
  for (const [fn, value] of direct) {
    if (suspending.has(fn)) continue;
    values.set(fn, value);
    queue.push(fn);
  }
  while (queue.length > 0) {
    const callee = queue.pop()!;
    const value = values.get(callee)!;
    for (const caller of callers.get(callee) ?? []) {
      if (suspending.has(caller)) continue;
      const before = values.get(caller);
      if (before !== undefined && covers(before, value)) continue;
      values.set(caller, before === undefined ? value : join(before, value));
      queue.push(caller);
    }
  }
  return values;
}
