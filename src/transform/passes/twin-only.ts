/**
 * Twin-only closures (docs/code-growth.md, "Escaping closures"). Inside a twin, a closure nested at least
 * TWIN_ONLY_DEPTH functions with twins deep is written only as its twin; the function value is a runtime
 * wrapper (`drivenClosure` in src/runtime/drive.ts) that runs that twin to completion when code that
 * cannot suspend calls it. Each copy of an enclosing function then holds one copy of such a closure, not
 * two: code grows with source × depth instead of 2^depth.
 */
import { type Node, children } from '../ast.ts';
import type { Fragment } from '../output.ts';
import type { Ctx } from './emit-context.ts';
import type { Emitter } from './emit-twins.ts';
import type { FnPlan, Plan } from './plan-twins.ts';

/**
 * Nesting depth (enclosing functions with twins, immediately called ones not counted) from which a
 * closure inside a twin is twin-only. Chosen by measurement (docs/code-growth.md).
 */
export const TWIN_ONLY_DEPTH = 2;

/**
 * The function expressions and arrows that are written twin-only wherever they stand inside a twin.
 * Left out: async and generator functions (no twins), methods and declarations (attached elsewhere), a
 * function that refers to itself (by its own name or `arguments.callee`: it would reach the twin, not
 * the wrapper) or reads `new.target` (the twin cannot see the wrapper's).
 */
export function twinOnlyClosures(program: Node, plan: Plan, immediate: Set<Node>): Set<Node> {
  const found = new Set<Node>();
  const visit = (node: Node, depth: number): void => {
    const fn = plan.functions.get(node);
    if (fn?.twin && !immediate.has(node)) {
      if (depth >= TWIN_ONLY_DEPTH && eligible(fn, plan)) found.add(node);
      depth++;
    }
    for (const child of children(node)) visit(child, depth);
  };
  visit(program, 0);
  return found;
}

function eligible(fn: FnPlan, plan: Plan): boolean {
  const node = fn.node;
  if (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') return false;
  // A lifted twin is written once already, and keeps the original exact (plan-lifted-twins.ts).
  if (!fn.ordinary || node.async || node.generator || fn.usesOwnName || plan.lifted.has(node)) return false;
  const kind = fn.attach.kind;
  if (kind !== 'wrap' && kind !== 'named' && kind !== 'postfix') return false;
  return fn.arrow || (!fn.usesNewTarget && !mentionsCallee(node.body));
}

function mentionsCallee(node: Node): boolean {
  if (node.type === 'Identifier' && node.name === 'callee') return true;
  for (const child of children(node)) if (mentionsCallee(child)) return true;
  return false;
}

/** `length` as the language computes it: the parameters before the first default or rest. */
function declaredLength(node: Node): number {
  let length = 0;
  for (const param of node.params as Node[]) {
    if (param.type === 'AssignmentPattern' || param.type === 'RestElement') break;
    length++;
  }
  return length;
}

/** The `name` the language gives the function where it stands, if any (an anonymous argument has none). */
function languageName(fn: FnPlan): string | undefined {
  if (fn.node.id) return fn.node.id.name;
  if (fn.attach.kind === 'named') return fn.attach.name;
  if (fn.attach.kind === 'postfix') return fn.attach.binding;
  return undefined;
}

/** `(x) => …` or `function (…) {…}` inside a twin (`ctx`): `(runtime.dc(twin, arrow, length, name))` in its place. */
export function emitTwinOnly(emitter: Emitter, fn: FnPlan, ctx: Ctx, out: Fragment): void {
  const name = languageName(fn);
  out.write(`(${emitter.names.runtime}.dc(`, fn.node.start).append(emitter.twinOf(fn, ctx, true));
  out.write(`, ${fn.arrow ? 1 : 0}, ${declaredLength(fn.node)}${name === undefined ? '' : `, ${JSON.stringify(name)}`}))`);
}
