/**
 * Data facts: what a module-private list of object literals holds, followed through the module's own
 * functions, so that calls on it and on its elements' array fields resolve without a twin.
 *
 * `const ITEMS = [{ tags: ['veg'] }, …]` (or `Array.from({ length: n }, (_, i) => ({ tags: […] }))`) that is
 * never exported makes an array of fresh objects whose `tags` are fresh arrays. If every use of it, and
 * of every variable, parameter and callback parameter it flows into, is one that cannot hand a reference
 * to other code or write through it (reading fields, calling a known function of this module that uses
 * its parameter the same way, `list.filter(cb)` with `cb` written inline, `element.tags.includes(x)`),
 * then nothing but this module's reads ever sees those objects, so
 * - `element.tags.includes(x)` (and the other reading array methods) reaches Array.prototype's built-in:
 *   it cannot suspend;
 * - `list.filter(cb)`, `list.map(cb)`, … can suspend only if `cb` can;
 * and the same for arrays made fresh by `map`/`filter` on such lists (their elements are never the
 * tracked objects: returning one from a callback is a use that stops the analysis).
 * Any other use anywhere stops it for that list: all or nothing. As elsewhere in the analysis, built-ins
 * are assumed not to be replaced by green functions (docs/architecture.md).
 */
import { type Node, boundNames, children, isFunction, unwrapParens } from '../ast.ts';
import { Stop, Tracker } from './plan-data-tracker.ts';
import type { FnPlan, Plan } from './plan-twins.ts';

export interface DataFacts {
  /** Call → the callback it can suspend through, or 'plain'. */
  calls: Map<Node, FnPlan | 'plain'>;
}

/** Resolutions for calls on module-private lists of object literals (see the file comment). */
export function analyseData(program: Node, plan: Plan, known: Map<string, FnPlan>, counts: Map<string, number>, assigned: Set<string>): DataFacts {
  const facts: DataFacts = { calls: new Map() };
  const parents = new Map<Node, Node>();
  const link = (node: Node): void => {
    for (const child of children(node)) {
      parents.set(child, node);
      link(child);
    }
  };
  let linked = false;
  const writtenNames = new Set<string>();
  for (const statement of program.body as Node[]) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
    for (const declarator of statement.declarations as Node[]) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const name: string = declarator.id.name;
      if (counts.get(name) !== 1 || assigned.has(name)) continue;
      const shape = listShape(unwrapParens(declarator.init), counts);
      if (!shape) continue;
      if (!linked) {
        link(program);
        collectWrittenNames(program, writtenNames);
        linked = true;
      }
      const found = new Map<Node, FnPlan | 'plain'>();
      try {
        new Tracker(program, plan, known, counts, parents, writtenNames, found).run({ of: 'list', root: name, ...shape }, name);
        for (const [call, target] of found) facts.calls.set(call, target);
      } catch (error) {
        if (!(error instanceof Stop)) throw error;
      }
    }
  }
  return facts;
}

/** What every element of a list holds as its own data properties, and which of those are array literals. */
interface Shape {
  own: Set<string>;
  arrays: Set<string>;
}

/** `[{…}, {…}]` or `Array.from({ length }, (…) => ({…}))`: the shape every element has. */
function listShape(init: Node, counts: Map<string, number>): Shape | undefined {
  if (init.type === 'ArrayExpression') {
    const literals = (init.elements as (Node | null)[]).map((element) => (element ? unwrapParens(element) : element));
    if (literals.length === 0 || literals.some((element) => element?.type !== 'ObjectExpression')) return undefined;
    return shapeOf(literals as Node[]);
  }
  if (init.type !== 'CallExpression' || init.optional || init.arguments.length !== 2) return undefined;
  const callee = unwrapParens(init.callee);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.optional || callee.property.name !== 'from') return undefined;
  if (callee.object.type !== 'Identifier' || callee.object.name !== 'Array' || counts.has('Array')) return undefined;
  const map = unwrapParens(init.arguments[1]);
  if (map.type !== 'ArrowFunctionExpression' || map.async || map.body.type === 'BlockStatement') return undefined;
  const body = unwrapParens(map.body);
  return body.type === 'ObjectExpression' ? shapeOf([body]) : undefined;
}

function shapeOf(literals: Node[]): Shape | undefined {
  const own = new Map<string, number>();
  const arrays = new Map<string, number>();
  for (const literal of literals) {
    const keys = new Set<string>();
    for (const property of literal.properties as Node[]) {
      // A spread or computed key could add any field; `__proto__:` sets the prototype; a getter or
      // setter runs with the element as `this`, and could hand it on.
      if (property.type !== 'Property' || property.computed || property.kind !== 'init') return undefined;
      const key = property.key.type === 'Identifier' ? property.key.name : typeof property.key.value === 'string' ? property.key.value : undefined;
      if (key === undefined || key === '__proto__' || keys.has(key)) return undefined;
      keys.add(key);
      own.set(key, (own.get(key) ?? 0) + 1);
      if (!property.method && !property.shorthand && isArrayLiteral(property.value)) arrays.set(key, (arrays.get(key) ?? 0) + 1);
    }
  }
  const inEvery = (counted: Map<string, number>): Set<string> => new Set([...counted].filter(([, n]) => n === literals.length).map(([key]) => key));
  return { own: inEvery(own), arrays: inEvery(arrays) };
}

/** `[…]`, or a conditional choosing between array literals. */
function isArrayLiteral(value: Node): boolean {
  const node = unwrapParens(value);
  // A hole would be read from the prototypes, where a getter gets the array as `this`.
  if (node.type === 'ArrayExpression') return (node.elements as (Node | null)[]).every((element) => element !== null);
  return node.type === 'ConditionalExpression' && isArrayLiteral(node.consequent) && isArrayLiteral(node.alternate);
}

function collectWrittenNames(program: Node, out: Set<string>): void {
  const visit = (node: Node): void => {
    const target = node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : undefined;
    const member = target && unwrapParens(target);
    if (member?.type === 'MemberExpression' && !member.computed && member.property.type === 'Identifier') out.add(member.property.name);
    for (const child of children(node)) visit(child);
  };
  visit(program);
}

/** Whether `id` is the name a declaration binds (not a reference to it). */
export function isDeclaration(id: Node, parent: Node): boolean {
  if (parent.type === 'VariableDeclarator') return parent.id === id;
  if (isFunction(parent)) return parent.id === id || parent.params.includes(id);
  return parent.type === 'ClassDeclaration' || parent.type === 'ClassExpression' ? parent.id === id : false;
}

/** Bindings of `name` in `fn` (its parameters and every declaration in it, nested functions included). */
export function bindingCount(fn: Node, name: string): number {
  let count = 0;
  const visit = (node: Node): void => {
    if (node.type === 'VariableDeclarator') count += boundNames(node.id).filter((n) => n === name).length;
    if (node.type === 'CatchClause' && node.param) count += boundNames(node.param).filter((n) => n === name).length;
    if ((isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id?.name === name) count++;
    if (isFunction(node)) for (const param of node.params) count += boundNames(param).filter((n) => n === name).length;
    if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') count += node.local.name === name ? 1 : 0;
    for (const child of children(node)) visit(child);
  };
  visit(fn);
  return count;
}

/** Whether the module exports a binding of that name. */
export function isExported(program: Node, name: string): boolean {
  for (const statement of program.body as Node[]) {
    if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.id?.name === name || (declaration?.type === 'Identifier' && declaration.name === name)) return true;
    }
    if (statement.type !== 'ExportNamedDeclaration') continue;
    const declaration = statement.declaration;
    if (declaration?.id?.name === name) return true;
    if (declaration?.type === 'VariableDeclaration' && (declaration.declarations as Node[]).some((d) => boundNames(d.id).includes(name))) return true;
  }
  return false;
}

