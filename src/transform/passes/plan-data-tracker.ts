/**
 * The walk behind plan-data.ts: follows one module-private list through the module, use by use, and
 * records the calls it resolves; throws `Stop` at the first use it cannot account for.
 */
import { type Node, children, isFunction, unwrapParens } from '../ast.ts';
import { bindingCount, isDeclaration, isExported } from './plan-data.ts';
import { type FnPlan, type Plan, isReference } from './plan-twins.ts';

/** Methods whose first argument is a callback called with (element, index, array), and nothing else. */
const ITERATING = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'map', 'forEach']);
/** What these return: more elements of the list, one element, or values made by the callback (or none). */
const [RETURNS_LIST, RETURNS_ELEMENT, RETURNS_FRESH] = [new Set(['filter']), new Set(['find', 'findLast']), new Set(['map'])];
/** Methods of an element's array field that read it: no callback, no write, a primitive or an item back. */
const READING = new Set(['includes', 'indexOf', 'lastIndexOf', 'join', 'at']);

/** What a tracked value is: the list itself, or one of its elements; `root` names the list. */
export interface Kind {
  of: 'list' | 'element';
  root: string;
  /** Fields every element has as its own data properties (a read of any other could run a getter of a
   * prototype with the element as `this`). */
  own: Set<string>;
  /** Of those, the ones that hold, in every element, an array literal of their own. */
  arrays: Set<string>;
}

export class Stop extends Error {}
const sameKind = (a: Kind, b: Kind): boolean => a.of === b.of && a.root === b.root;

/** Follows one list through the module; throws Stop at the first use it cannot account for. */
export class Tracker {
  private readonly tracked = new Map<Node, Map<string, Kind>>();
  /** Known function → parameter index → the kind every call passes there; and the calls that do. */
  private readonly claims = new Map<FnPlan, Map<number, Kind>>();
  private readonly claimSites = new Set<string>();

  constructor(
    private readonly program: Node,
    private readonly plan: Plan,
    private readonly known: Map<string, FnPlan>,
    private readonly counts: Map<string, number>,
    private readonly parents: Map<Node, Node>,
    private readonly writtenNames: Set<string>,
    private readonly found: Map<Node, FnPlan | 'plain'>,
  ) {}

  run(kind: Kind, name: string): void {
    this.track(this.program, name, kind);
    this.checkClaims();
  }

  private stop(): never {
    throw new Stop();
  }

  /** The expression `node` is part of, above any parentheses, and its parent. */
  private up(node: Node): [Node, Node | undefined] {
    let expr = node;
    let parent = this.parents.get(expr);
    while (parent?.type === 'ParenthesizedExpression') {
      expr = parent;
      parent = this.parents.get(expr);
    }
    return [expr, parent];
  }

  /** A binding `name` of `scope` (the program or a function) holds a tracked value: check every use of it. */
  private track(scope: Node, name: string, kind: Kind): void {
    let names = this.tracked.get(scope);
    if (!names) this.tracked.set(scope, (names = new Map()));
    const known = names.get(name);
    if (known) {
      if (!sameKind(known, kind)) this.stop();
      return;
    }
    names.set(name, kind);
    // One binding of the name in the scope and everything nested in it: every reference is to it.
    if (scope === this.program ? this.counts.get(name) !== 1 : bindingCount(scope, name) !== 1) this.stop();
    const visit = (node: Node, parent: Node | undefined): void => {
      if (node.type === 'Identifier' && node.name === name && parent && isReference(node, parent) && !isDeclaration(node, parent)) this.use(node, kind);
      for (const child of children(node)) visit(child, node);
    };
    visit(scope, undefined);
  }

  private use(node: Node, kind: Kind): void {
    const [expr, parent] = this.up(node);
    if (!parent) this.stop();
    // Tested for truthiness: nothing is handed on.
    if ((parent.type === 'ConditionalExpression' || parent.type === 'IfStatement') && parent.test === expr) return;
    if (parent.type === 'UnaryExpression' && (parent.operator === '!' || parent.operator === 'typeof')) return;
    if (parent.type === 'CallExpression' && parent.callee !== expr) return this.passed(parent, expr, kind);
    if (parent.type === 'VariableDeclarator' && parent.init === expr) return this.declared(parent, kind);
    if (parent.type !== 'MemberExpression' || parent.object !== expr || parent.optional) this.stop();
    if (kind.of === 'list') return this.listMember(parent, kind);
    // An element: reading a field, or using one of its array fields.
    if (parent.computed) this.stop();
    const field: string = parent.property.name;
    if (kind.arrays.has(field)) return this.arrayField(parent);
    if (!kind.own.has(field)) this.stop();
    this.read(parent);
  }

  private listMember(member: Node, kind: Kind): void {
    // An index may be a hole or out of range, read from the prototypes (with the list as a getter's `this`).
    if (member.computed) this.stop();
    const method: string = member.property.name;
    if (method === 'length') return this.read(member);
    if (!ITERATING.has(method)) this.stop();
    const call = this.callOf(member);
    const callback = this.inlineCallback(call);
    this.found.set(call, callback);
    const param = callback.node.params[0];
    if (param) this.track(callback.node, param.name, { ...kind, of: 'element' });
    if (RETURNS_LIST.has(method)) this.use(call, kind);
    else if (RETURNS_ELEMENT.has(method)) this.use(call, { ...kind, of: 'element' });
    else if (RETURNS_FRESH.has(method)) this.fresh(call);
  }

  /** `member(…)`, called with `member` as the callee and its object as `this`. */
  private callOf(member: Node): Node {
    const call = this.parents.get(member);
    if (call?.type !== 'CallExpression' || call.callee !== member || call.optional || this.writtenNames.has(member.property.name)) this.stop();
    if (call.arguments.some((arg: Node) => arg.type === 'SpreadElement')) this.stop();
    return call;
  }

  /** The first argument of an iterating call, written inline, with plain parameters and no `arguments`. */
  private inlineCallback(call: Node): FnPlan {
    const node = call.arguments[0] && unwrapParens(call.arguments[0]);
    if (!node || (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') || node.id || node.async || node.generator) this.stop();
    if (node.params.length > 2 || node.params.some((param: Node) => param.type !== 'Identifier')) this.stop();
    const info = this.plan.functions.get(node);
    if (!info || !info.ordinary || info.usesArguments) this.stop();
    return info;
  }

  /** `element.field` where every element holds its own array literal there. */
  private arrayField(member: Node): void {
    const [expr, parent] = this.up(member);
    if (parent?.type !== 'MemberExpression' || parent.object !== expr || parent.optional) this.stop();
    if (parent.computed) this.stop();
    if (parent.property.name === 'length') return this.read(parent);
    if (!READING.has(parent.property.name)) this.stop();
    this.found.set(this.callOf(parent), 'plain');
  }

  /** A member read whose value is not tracked: not written, deleted, called as a method or destructured into. */
  private read(member: Node): void {
    const [expr, parent] = this.up(member);
    if (!parent) this.stop();
    switch (parent.type) {
      case 'AssignmentExpression':
        if (parent.left === expr) this.stop();
        return;
      case 'UpdateExpression':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'ArrayPattern':
      case 'ObjectPattern':
      case 'RestElement':
      case 'AssignmentPattern':
      case 'ChainExpression':
      case 'TaggedTemplateExpression':
        if (parent.type === 'ForOfStatement' && parent.right === expr) return;
        if (parent.type === 'ForInStatement' && parent.right === expr) return;
        if (parent.type === 'AssignmentPattern' && parent.right === expr) return;
        this.stop();
        return;
      case 'UnaryExpression':
        if (parent.operator === 'delete') this.stop();
        return;
      case 'CallExpression':
      case 'NewExpression':
        if (parent.callee === expr) this.stop();
        return;
      case 'Property':
        if (this.parents.get(parent)?.type === 'ObjectPattern') this.stop();
        return;
    }
  }

  /** A tracked value passed to a known function of this module: its parameter holds the same kind. */
  private passed(call: Node, arg: Node, kind: Kind): void {
    const callee = unwrapParens(call.callee);
    const target = callee.type === 'Identifier' ? this.known.get(callee.name) : undefined;
    const index = call.arguments.indexOf(arg);
    if (!target || !target.ordinary || target.usesArguments || call.optional || index < 0) this.stop();
    if (call.arguments.some((a: Node) => a.type === 'SpreadElement')) this.stop();
    const param = target.node.params[index];
    if (!param || param.type !== 'Identifier') this.stop();
    let byIndex = this.claims.get(target);
    if (!byIndex) this.claims.set(target, (byIndex = new Map()));
    const claimed = byIndex.get(index);
    if (claimed && !sameKind(claimed, kind)) this.stop();
    byIndex.set(index, kind);
    this.claimSites.add(`${call.start}:${index}`);
    this.track(target.node, param.name, kind);
  }

  /** `const x = <tracked>`: `x` holds it too. */
  private declared(declarator: Node, kind: Kind): void {
    const declaration = this.parents.get(declarator);
    if (declaration?.kind !== 'const' || declarator.id.type !== 'Identifier') this.stop();
    this.track(this.scopeOf(declarator), declarator.id.name, kind);
  }

  private scopeOf(node: Node): Node {
    let scope = this.parents.get(node);
    while (scope && !isFunction(scope)) scope = this.parents.get(scope);
    return scope ?? this.program;
  }

  /**
   * A fresh array made by `map` or `filter` on a fresh one (its elements are callback results, never
   * tracked objects): its method calls resolve as on a list when every use of it, directly or through a
   * `const`, is `length` or such a call whose callback cannot reach it (`arr`, `arguments`). Anything
   * else leaves them all unresolved: whoever holds the array could give it an own `reduce`.
   */
  private fresh(call: Node): void {
    const [expr, parent] = this.up(call);
    let members: Node[];
    if (parent?.type === 'MemberExpression' && parent.object === expr) members = [parent];
    else {
      if (parent?.type !== 'VariableDeclarator' || parent.init !== expr || parent.id.type !== 'Identifier') return;
      if (this.parents.get(parent)?.kind !== 'const') return;
      const scope = this.scopeOf(parent);
      const name: string = parent.id.name;
      if (scope === this.program || bindingCount(scope, name) !== 1) return;
      members = [];
      let ok = true;
      const visit = (node: Node, up: Node | undefined): void => {
        if (node.type === 'Identifier' && node.name === name && up && isReference(node, up) && !isDeclaration(node, up)) {
          const [e, p] = this.up(node);
          if (p?.type === 'MemberExpression' && p.object === e) members.push(p);
          else ok = false;
        }
        for (const child of children(node)) visit(child, node);
      };
      visit(scope, undefined);
      if (!ok) return;
    }
    const calls: [Node, FnPlan | 'plain', string][] = [];
    for (const member of members) {
      if (member.computed || member.optional) return;
      if (member.property.name === 'length') {
        this.read(member);
        continue;
      }
      const resolved = this.freshCall(member);
      if (!resolved) return;
      calls.push(resolved);
    }
    for (const [call, target, method] of calls) {
      this.found.set(call, target);
      if (method === 'map' || method === 'filter') this.fresh(call);
    }
  }

  /** `fresh.m(…)`: a reading method, or an iterating one (or `reduce`) with a callback that cannot reach `fresh`. */
  private freshCall(member: Node): [Node, FnPlan | 'plain', string] | undefined {
    const method: string = member.property.name;
    const call = this.parents.get(member);
    if (call?.type !== 'CallExpression' || call.callee !== member || call.optional || this.writtenNames.has(method)) return undefined;
    if (call.arguments.some((arg: Node) => arg.type === 'SpreadElement')) return undefined;
    if (READING.has(method)) return [call, 'plain', method];
    const reducing = method === 'reduce' || method === 'reduceRight';
    if (!ITERATING.has(method) && !reducing) return undefined;
    const node = call.arguments[0] && unwrapParens(call.arguments[0]);
    if (!node || (node.type !== 'ArrowFunctionExpression' && node.type !== 'FunctionExpression') || node.id || node.async || node.generator) return undefined;
    // The array is the callback's third parameter (fourth for reduce).
    if (node.params.length > (reducing ? 3 : 2)) return undefined;
    const info = this.plan.functions.get(node);
    if (!info || !info.ordinary || info.usesArguments) return undefined;
    return [call, info, method];
  }

  /** Every reference to a function that received a tracked value is a call that passes one there. */
  private checkClaims(): void {
    for (const [target, byIndex] of this.claims) {
      const name = target.node.type === 'FunctionDeclaration' ? target.node.id?.name : undefined;
      const binding = name ?? this.declaredName(target.node);
      if (!binding || isExported(this.program, binding)) this.stop();
      const visit = (node: Node, parent: Node | undefined): void => {
        if (node.type === 'Identifier' && node.name === binding && parent && isReference(node, parent) && !isDeclaration(node, parent)) {
          const [expr, call] = this.up(node);
          if (call?.type !== 'CallExpression' || call.callee !== expr) this.stop();
          for (const index of byIndex.keys()) if (!this.claimSites.has(`${call.start}:${index}`)) this.stop();
        }
        for (const child of children(node)) visit(child, node);
      };
      visit(this.program, undefined);
    }
  }

  private declaredName(fn: Node): string | undefined {
    for (const [name, info] of this.known) if (info.node === fn) return name;
    return undefined;
  }
}
