/**
 * The checker reads TypeScript as written (oxc-parser, types kept), so positions are the user's own and
 * type annotations can name what a parameter holds. These helpers walk only the code, never the types.
 */
import { parseSync } from 'oxc-parser';
import type { Node } from '../transform/ast.ts';
import { lineColumn } from '../transform/passes/strip-types.ts';

export type { Node };
export { lineColumn };

/** Keys that hold types or decorators: nothing there runs as a call the checker follows. */
const TYPE_KEYS = new Set(['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements', 'decorators']);
const SKIP_KEYS = new Set(['type', 'start', 'end', 'range', 'loc', 'raw', 'regex', 'bigint', 'name', 'operator', 'kind', 'sourceType', 'hashbang', 'comments', ...TYPE_KEYS]);

/** TypeScript nodes whose children are code; every other `TS*` node is a type and is skipped. */
const CODE_TS_NODES = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSParameterProperty', 'TSInstantiationExpression', 'TSExportAssignment']);

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && typeof (value as Node).type === 'string';
}

/** The code children of `node`, in source order. */
export function codeChildren(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item) && isCode(item)) out.push(item);
    } else if (isNode(value) && isCode(value)) out.push(value);
  }
  return out.sort((a, b) => a.start - b.start);
}

function isCode(node: Node): boolean {
  return !node.type.startsWith('TS') || CODE_TS_NODES.has(node.type);
}

/** `(x as T)!` → `x`: the wrappers that do not change which value an expression is. */
export function unwrap(node: Node): Node {
  for (;;) {
    if (node.type === 'ParenthesizedExpression' || CODE_TS_NODES.has(node.type) && node.expression) node = node.expression;
    else if (node.type === 'ChainExpression') node = node.expression;
    else return node;
  }
}

export function isFunctionNode(node: Node): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The static name of a property key, or `undefined` when it is computed at run time. */
export function keyName(key: Node, computed: boolean): string | undefined {
  if (!computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) return key.type === 'PrivateIdentifier' ? `#${key.name}` : key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** The property name of `a.b` / `a['b']`, or `undefined` for a computed one. */
export function memberName(member: Node): string | undefined {
  return keyName(member.property, member.computed);
}

/** Identifiers a binding pattern declares, with the pattern node of each. */
export function patternIdentifiers(pattern: Node, out: Node[] = []): Node[] {
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) patternIdentifiers(property.type === 'RestElement' ? property.argument : property.value, out);
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) patternIdentifiers(element, out);
      break;
    case 'RestElement':
      patternIdentifiers(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      patternIdentifiers(pattern.left, out);
      break;
    case 'TSParameterProperty':
      patternIdentifiers(pattern.parameter, out);
      break;
  }
  return out;
}

/** The name a function expression takes from where it stands (`const f = () => …`, `{ f: … }`). */
export function hintFor(parent: Node, child: Node): string | undefined {
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' && parent.value === child) return keyName(parent.key, parent.computed);
  if (parent.type === 'AssignmentExpression' && parent.right === child) {
    const left = parent.left;
    if (left.type === 'Identifier') return left.name;
    if (left.type === 'MemberExpression') return memberName(left);
  }
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(child)) {
    const callee = unwrap(parent.callee);
    const called = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    return called ? `${parent.type === 'NewExpression' ? 'new ' : ''}${called} callback` : 'callback';
  }
  if (parent.type === 'ExportDefaultDeclaration') return 'default';
  return undefined;
}

export interface Parsed {
  program?: Node;
  error?: { message: string; line: number; column: number };
}

/** Parses a module as written (TypeScript by the file's extension). */
export function parseSource(filename: string, source: string, sourceType: 'module' | 'commonjs'): Parsed {
  const result = parseSync(filename, source, { sourceType, preserveParens: false });
  const error = result.errors.find((e) => e.severity === 'Error');
  if (error) {
    const { line, column } = lineColumn(source, error.labels?.[0]?.start ?? 0);
    return { error: { message: error.message, line, column } };
  }
  return { program: result.program as unknown as Node };
}
