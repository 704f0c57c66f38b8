/** The few AST utilities the passes share. Nodes are oxc-parser's ESTree nodes with UTF-16 offsets. */

export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: any;
}

const SKIP = new Set(['type', 'start', 'end', 'range', 'loc', 'raw', 'regex', 'bigint', 'name', 'operator', 'kind', 'sourceType', 'hashbang', 'comments']);
const childKeys = new Map<string, string[]>();

function keysOf(node: Node): string[] {
  let keys = childKeys.get(node.type);
  if (keys === undefined) {
    keys = Object.keys(node).filter((key) => !SKIP.has(key));
    childKeys.set(node.type, keys);
  }
  return keys;
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && typeof (value as Node).type === 'string';
}

/** The child nodes of `node`, in source order, without repeats (a shorthand property's key is its value). */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of keysOf(node)) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  let sorted = true;
  for (let i = 1; i < out.length; i++) if (out[i]!.start < out[i - 1]!.start) sorted = false;
  if (!sorted) out.sort((a, b) => a.start - b.start);
  return out;
}

/** `(((x)))` → `x`. */
export function unwrapParens(node: Node): Node {
  while (node.type === 'ParenthesizedExpression') node = node.expression;
  return node;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** Names bound by a declaration pattern (`{ a, b: [c = 1, ...d] }` → a, c, d). */
export function boundNames(pattern: Node, out: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) boundNames(property.type === 'RestElement' ? property.argument : property.value, out);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) boundNames(element, out);
      break;
    case 'RestElement':
      boundNames(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      boundNames(pattern.left, out);
      break;
  }
  return out;
}

/** The static name of a property key (`a`, `"a"`, `1`), or `undefined` when it is computed at run time. */
export function staticKeyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** Nodes whose body is a list of statements: a statement there may start with `;` (or be followed by one). */
export const STATEMENT_LISTS: ReadonlySet<string> = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);

/** A script or CommonJS module that starts with "use strict": all its code is strict. */
export function hasUseStrict(program: Node): boolean {
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) return false;
    if (statement.directive === 'use strict') return true;
  }
  return false;
}
