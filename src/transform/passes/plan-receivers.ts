/**
 * Receiver analysis: which `this.m()` and `this.field.m()` calls inside a class's methods can be resolved
 * to that class's own methods, under a condition the runtime checks when a twin is entered.
 *
 * A method such as `Parser.sum` that calls only `this.product()`, `this.lexer.next()` and plain helpers
 * cannot reach a hidden call *if* `this` is an ordinary instance of exactly `Parser` whose methods are
 * the ones written here and whose `lexer` is likewise an ordinary `Lexer`. A subclass, a patched
 * prototype, an own property shadowing a method, a Proxy, or a method called with another receiver all
 * break that condition, so the method keeps its twin; the twin first checks the condition
 * (`runtime.fast`, see src/runtime/receiver-guard.ts) and, when it holds, runs the original method as
 * plain code: no generator per call below it.
 *
 * What the guard checks at entry must not change while the plain code runs. Only code of this module
 * runs then (plain methods, plain helpers, constructors, callbacks of built-ins without green versions),
 * so the module may not write a watched name (a resolved method or a typed field) other than `this.f =`
 * in a constructor or field initialiser, nor write members under computed keys, nor call the reflective
 * built-ins that define properties or prototypes. Code from other modules could run in between only as a
 * getter, setter or coercion hook (`valueOf`, `toString`) called by this module's plain code: replacing a
 * method of the object being worked on from there is outside what the analysis sees (docs/architecture.md).
 */
import { type Node, children, isFunction, staticKeyName, unwrapParens } from '../ast.ts';
import { ARRAY_PLAIN_METHODS, localArrays, localInstances } from './plan-local-values.ts';
import { scanWrites } from './plan-receiver-writes.ts';
import { markSealedClasses } from './plan-sealed-classes.ts';
import { reachableFrom } from './plan-suspension.ts';
import type { FnPlan, Plan } from './plan-twins.ts';

/** A field used as a receiver: a string (`this.src.charCodeAt()`), or an instance of a class of this module. */
export type FieldKind = { kind: 'string' } | { kind: 'class'; name: string };

export interface ReceiverClass {
  name: string;
  body: Node;
  /** Instance methods by name (names defined once, as ordinary methods, not shadowed by a field). */
  methods: Map<string, FnPlan>;
  /** Names whose own-absence and prototype identity the guard checks. */
  checked: Set<string>;
  /** Fields the guard checks, with what they must hold. */
  fields: Map<string, FieldKind>;
  /** Classes whose instances its methods make and call (`new C().m()`): the guard checks their prototypes. */
  protos: Set<string>;
  /** Its methods whose twins start with the guard. */
  fast: FnPlan[];
  /** `class C extends …`: its instances can get own properties from code the analysis does not see. */
  extendsSomething: boolean;
  /** Names of its instance methods and accessors: a field read under one of them can run code. */
  members: Set<string>;
  /** An instance member under a computed key no name can be given to (`[key] = …`): fresh instances may hold anything. */
  unnamedKeys: boolean;
  /** No other module's code can reach its prototype or an instance (plan-sealed-classes.ts). */
  sealed?: boolean;
  /** Whether a guard must be emitted for it (it has fast methods, or another class's guard refers to it). */
  guarded: boolean;
  index: number;
}

/** What the receiver analysis resolved, for the fixed point of plan-twins and for the emitter. */
export interface Receivers {
  /** Class body → its receiver facts. */
  classes: Map<Node, ReceiverClass>;
  /** The same classes by name. */
  byName: Map<string, ReceiverClass>;
  /** Method → its class. */
  methodClass: Map<FnPlan, ReceiverClass>;
  /** Resolve a call in `fn`: the method it must reach, 'plain' (a built-in without green version), or undefined. */
  resolve(fn: FnPlan, call: Node): FnPlan | 'plain' | undefined;
  /** Methods (and module-level functions) with at least one call resolved through a receiver. */
  usesReceiver: Set<FnPlan>;
  /** Method → the constructors of the classes it makes and calls: they must not reach a suspension either. */
  constructs: Map<FnPlan, FnPlan[]>;
  /** Module-level function → the classes it makes and calls (`new C().m()`): its guard checks them. */
  made: Map<FnPlan, Set<ReceiverClass>>;
  /** Functions with calls on a local array literal resolved: sound while only this module's code runs. */
  localArrayCalls: Set<FnPlan>;
  /** Method → what of its own class it relies on directly: names of `this.m()`, fields of `this.f.m()`, and those methods. */
  ownUses: Map<FnPlan, OwnUses>;
}

/** What a method's plain run relies on in its own class (its guard may check only that, see guardedUses). */
export interface OwnUses {
  names: Set<string>;
  fields: Set<string>;
  methods: Set<FnPlan>;
}

/** String.prototype methods: none has a green version, and none calls back into green code that could suspend. */
export const STRING_METHODS: ReadonlySet<string> = new Set([
  'at', 'charAt', 'charCodeAt', 'codePointAt', 'concat', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'localeCompare',
  'match', 'matchAll', 'normalize', 'padEnd', 'padStart', 'repeat', 'replace', 'replaceAll', 'search', 'slice', 'split',
  'startsWith', 'substring', 'substr', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim',
  'trimStart', 'trimEnd', 'toString', 'valueOf', 'isWellFormed', 'toWellFormed',
]);


export interface Bindings {
  counts: Map<string, number>;
  assigned: Set<string>;
}

/** `free`: the module-level functions that can have a guard of their own (plan-twins.ts, guardFunctions). */
export function analyseReceivers(program: Node, plan: Plan, bindings: Bindings, free: Set<FnPlan>): Receivers {
  const classes = new Map<Node, ReceiverClass>();
  const byName = new Map<string, ReceiverClass>();
  const methodClass = new Map<FnPlan, ReceiverClass>();
  const usesReceiver = new Set<FnPlan>();
  const constructs = new Map<FnPlan, FnPlan[]>();
  const made = new Map<FnPlan, Set<ReceiverClass>>();
  const localArrayCalls = new Set<FnPlan>();
  const ownUses = new Map<FnPlan, OwnUses>();
  const usesOf = (fn: FnPlan): OwnUses => {
    let uses = ownUses.get(fn);
    if (!uses) ownUses.set(fn, (uses = { names: new Set(), fields: new Set(), methods: new Set() }));
    return uses;
  };
  const none: Receivers = { classes, byName, methodClass, usesReceiver, constructs, made, localArrayCalls, ownUses, resolve: () => undefined };
  for (let statement of program.body as Node[]) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) statement = statement.declaration;
    if (statement.type !== 'ClassDeclaration' || !statement.id) continue;
    const name: string = statement.id.name;
    if (bindings.counts.get(name) !== 1 || bindings.assigned.has(name)) continue;
    const info = classInfo(name, statement.body, plan, statement.superClass != null);
    classes.set(statement.body, info);
    byName.set(name, info);
    for (const fn of info.methods.values()) methodClass.set(fn, info);
  }
  if (classes.size === 0) return none;
  const writes = scanWrites(program);
  if (writes.unsafe) return none;
  markSealedClasses(program, byName, writes);
  const watched = (name: string): boolean => !writes.names.has(name);

  /** `this.f` of class C: what its constructor or field initialiser stores there. */
  const fieldKind = (owner: ReceiverClass, field: string, method: string): FieldKind | undefined => {
    // A getter (or a method) under the field's name would run code when read, in the guard and again after.
    if (!watched(field) || owner.members.has(field)) return undefined;
    // What the constructor stores only predicts the class to check: the guard checks the value itself.
    const stored = writes.constructorStores.get(owner.body)?.get(field)?.filter((value) => value !== undefined);
    if (stored && stored.length > 0 && stored.every((value) => value.type === 'NewExpression' && value.callee.type === 'Identifier')) {
      const names = new Set(stored.map((value) => value.callee.name as string));
      const target = names.size === 1 ? byName.get([...names][0]!) : undefined;
      if (target?.methods.has(method) && watched(method)) return { kind: 'class', name: target.name };
      return undefined;
    }
    return STRING_METHODS.has(method) && watched(method) ? { kind: 'string' } : undefined;
  };

  /**
   * `new C(…)` or a `const x = new C(…)` of this method, C a class of this module whose instances start
   * out with none of C's methods as own properties: C has no `extends`, its constructor returns nothing
   * and stores no method name on `this`, and no field initialiser makes a call (which could store one).
   * Its constructor's own calls must stay plain too (plan-suspension.ts adds it to what the method calls).
   */
  const createdClass = (fn: FnPlan, object: Node): ReceiverClass | undefined => {
    let expression = object;
    if (object.type === 'Identifier') expression = localInstances(fn.node).get(object.name) ?? object;
    if (expression.type !== 'NewExpression' || unwrapParens(expression.callee).type !== 'Identifier') return undefined;
    const created = byName.get(unwrapParens(expression.callee).name);
    return created && instancesStartPlain(created, writes.constructorStores.get(created.body)) ? created : undefined;
  };

  /** `new C(…).m()` or `x.m()` on a `const x = new C(…)` of `fn` (see createdClass). */
  const resolveCreated = (fn: FnPlan, object: Node, method: string): FnPlan | undefined => {
    const created = object.type === 'NewExpression' || object.type === 'Identifier' ? createdClass(fn, object) : undefined;
    const target = created?.methods.get(method);
    if (!created || !target || !watched(method)) return undefined;
    created.checked.add(method);
    const owner = methodClass.get(fn);
    if (owner) owner.protos.add(created.name);
    else made.set(fn, (made.get(fn) ?? new Set()).add(created));
    usesReceiver.add(fn);
    const ctor = constructorOf(created.body, plan);
    if (ctor) constructs.set(fn, [...(constructs.get(fn) ?? []), ctor]);
    return target;
  };

  const resolve = (fn: FnPlan, call: Node): FnPlan | 'plain' | undefined => {
    const owner = methodClass.get(fn);
    const callee = unwrapParens(call.callee);
    if ((!owner && !free.has(fn)) || callee.type !== 'MemberExpression' || callee.computed || callee.optional || call.optional) return undefined;
    // `this.#m()` is a private method, not the public `m`.
    if (callee.property.type !== 'Identifier') return undefined;
    if (!simpleParams(fn.node)) return undefined;
    const method: string = callee.property.name;
    const object = unwrapParens(callee.object);
    if (!owner) return resolveCreated(fn, object, method);
    if (object.type === 'ThisExpression') {
      const target = owner.methods.get(method);
      if (!target || !watched(method)) return undefined;
      owner.checked.add(method);
      usesReceiver.add(fn);
      usesOf(fn).names.add(method);
      usesOf(fn).methods.add(target);
      return target;
    }
    const target = resolveCreated(fn, object, method);
    if (target) return target;
    if (object.type === 'Identifier' && ARRAY_PLAIN_METHODS.has(method) && watched(method) && localArrays(fn.node).has(object.name)) {
      // An array literal of this call: it can have escaped only into this module's code, which writes no
      // member under a computed key or the method's name (or nothing is resolved at all).
      localArrayCalls.add(fn);
      return 'plain';
    }
    if (object.type === 'MemberExpression' && !object.computed && !object.optional && unwrapParens(object.object).type === 'ThisExpression' && object.property.type === 'Identifier') {
      const field: string = object.property.name;
      const kind = fieldKind(owner, field, method);
      if (!kind) return undefined;
      const known = owner.fields.get(field);
      if (known && (known.kind !== kind.kind || (known.kind === 'class' && kind.kind === 'class' && known.name !== kind.name))) return undefined;
      owner.fields.set(field, kind);
      usesReceiver.add(fn);
      usesOf(fn).fields.add(field);
      if (kind.kind === 'string') return 'plain';
      const target = byName.get(kind.name)!;
      target.checked.add(method);
      return target.methods.get(method);
    }
    return undefined;
  };
  return { classes, byName, methodClass, usesReceiver, constructs, made, localArrayCalls, ownUses, resolve };
}

/**
 * What the plain run of `fn` relies on in its own class: the names and fields it and the methods it reaches
 * through `this.m()` use, to a fixed point. The guard needs to check only these: a method the run never
 * reaches may be patched without changing what it does (and `fn` itself runs as the spec recorded it).
 */
export function guardedUses(fn: FnPlan, ownUses: Map<FnPlan, OwnUses>): { names: Set<string>; fields: Set<string> } {
  const names = new Set<string>();
  const fields = new Set<string>();
  for (const at of reachableFrom(fn, (method) => ownUses.get(method)?.methods ?? [])) {
    for (const name of ownUses.get(at)?.names ?? []) names.add(name);
    for (const field of ownUses.get(at)?.fields ?? []) fields.add(field);
  }
  return { names, fields };
}

/** See createdClass in analyseReceivers. */
function instancesStartPlain(c: ReceiverClass, stores: Map<string, (Node | undefined)[]> | undefined): boolean {
  if (c.extendsSomething || c.unnamedKeys) return false;
  for (const name of c.methods.keys()) if (stores?.has(name)) return false;
  // Calls through fields (`this.f.m()`) would rely on what the field holds, which only the guard of a
  // method called from outside checks; a fresh instance's methods are called plainly, unchecked.
  for (const fn of c.methods.values()) if (fn.calls.some(callsThroughField)) return false;
  for (const element of c.body.body as Node[]) {
    if (element.type === 'PropertyDefinition' && !element.static && element.value && makesCall(element.value)) return false;
    if (element.type === 'MethodDefinition' && element.kind === 'constructor' && returnsValue(element.value.body)) return false;
  }
  return true;
}

function callsThroughField(call: Node): boolean {
  const callee = unwrapParens(call.callee);
  return callee.type === 'MemberExpression' && unwrapParens(callee.object).type === 'MemberExpression' && unwrapParens(unwrapParens(callee.object).object).type === 'ThisExpression';
}

export function constructorOf(body: Node, plan: Plan): FnPlan | undefined {
  const element = (body.body as Node[]).find((e) => e.type === 'MethodDefinition' && e.kind === 'constructor');
  return element && plan.functions.get(element.value);
}

/** A call, `new`, tagged template or any nested function (which could be called) in `node`. */
function makesCall(node: Node): boolean {
  if (node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression' || isFunction(node) || node.type === 'ClassExpression') return true;
  return children(node).some(makesCall);
}

/** A `return <value>` in a function body, outside nested functions. */
export function returnsValue(node: Node): boolean {
  if (node.type === 'ReturnStatement') return node.argument !== null && node.argument !== undefined;
  if (isFunction(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return false;
  return children(node).some(returnsValue);
}

function classInfo(name: string, body: Node, plan: Plan, extendsSomething: boolean): ReceiverClass {
  const counts = new Map<string, number>();
  const candidates = new Map<string, FnPlan>();
  const members = new Set<string>();
  let unnamedKeys = false;
  for (const element of body.body as Node[]) {
    if (element.static || element.type === 'StaticBlock') continue;
    const key = element.key?.type === 'PrivateIdentifier' ? undefined : element.key && staticKeyName(element.key, element.computed);
    if (key === undefined) {
      if (element.key?.type !== 'PrivateIdentifier') unnamedKeys = true;
      continue;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (element.type === 'MethodDefinition') members.add(key);
    if (element.type === 'MethodDefinition' && element.kind === 'method') {
      const fn = plan.functions.get(element.value);
      if (fn && fn.ordinary && !fn.refusal) candidates.set(key, fn);
    }
  }
  const methods = new Map<string, FnPlan>();
  // A name defined twice (a getter and a method, a field and a method) is not resolved.
  for (const [key, fn] of candidates) if (counts.get(key) === 1 && key !== 'constructor') methods.set(key, fn);
  return { name, body, methods, checked: new Set(), fields: new Map(), protos: new Set(), fast: [], guarded: false, index: -1, extendsSomething, members, unnamedKeys };
}

/** Plain identifiers only: a default or a pattern would run again when the fast path calls the original. */
export function simpleParams(fn: Node): boolean {
  return fn.params.every((param: Node) => param.type === 'Identifier' || (param.type === 'RestElement' && param.argument.type === 'Identifier'));
}
