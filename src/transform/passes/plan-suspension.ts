/**
 * Which functions may reach a suspension (pass 3, plan-twins.ts): a fixed point over what each function
 * calls, seen through where the module can see, with the run-time guards that let the rest run plain
 * (receiver guards, plan-receivers.ts; checked bindings, plan-checked-bindings.ts).
 */
import { type Node, boundNames, children, isFunction, unwrapParens } from '../ast.ts';
import { analyseData } from './plan-data.ts';
import { type CheckedBinding, calledNames, checkedBindings, dependencyMasks, dependencySets } from './plan-checked-bindings.ts';
import { type Bindings, type ReceiverClass, type Receivers, analyseReceivers, guardedUses, simpleParams } from './plan-receivers.ts';
import type { FnPlan, Plan } from './plan-twins.ts';
import { reachesForeignCode } from './plan-foreign-code.ts';

/**
 * The functions that may reach a suspension: those with a call the module cannot see through, and, to a
 * fixed point, those calling them. A module-level function bound once and never assigned is seen
 * through: calling it can suspend only if its own body can (so `fib` calling `fib`, or a helper that only
 * does arithmetic and Math calls, needs no twin, and neither do its callers on its account).
 */
export function mayReachSuspension(program: Node, plan: Plan, checkBindings: boolean): Set<FnPlan> {
  const { known, bindings } = moduleFunctions(program, plan);
  const free = new Set([...known.values()].filter((fn) => fn.attach.kind === 'hoist' || fn.attach.kind === 'postfix'));
  const receivers: Receivers | undefined = bindings ? analyseReceivers(program, plan, bindings, free) : undefined;
  const data = bindings ? analyseData(program, plan, known, bindings.counts, bindings.assigned).calls : undefined;
  const checked = bindings && checkBindings ? checkedBindings(program, bindings.counts, bindings.assigned, known, calledNames(program)) : new Map();
  const suspending = new Set<FnPlan>();
  const callers = new Map<FnPlan, FnPlan[]>();
  /** Functions calling checked bindings directly, with their bits. */
  const direct = new Map<FnPlan, number>();
  const queue: FnPlan[] = [];
  for (const info of plan.functions.values()) {
    let unknown = (info.loops?.length ?? 0) > 0;
    for (const call of info.calls) {
      const callee = unwrapParens(call.callee);
      const binding = callee.type === 'Identifier' ? checked.get(callee.name) : undefined;
      if (binding) {
        direct.set(info, (direct.get(info) ?? 0) | binding.bit);
        continue;
      }
      const target = callee.type === 'Identifier' ? known.get(callee.name) : (receivers?.resolve(info, call) ?? data?.get(call));
      if (target === 'plain') continue;
      if (target === undefined) unknown = true;
      else if (target.ordinary) push(callers, target, info);
      // (A generator or async function cannot suspend its caller: calling it runs no twin.)
    }
    if (unknown) {
      suspending.add(info);
      queue.push(info);
    }
  }
  // A method calling `new C().m()` relies on C's constructor leaving `m` alone: it must stay plain too.
  for (const [fn, ctors] of receivers?.constructs ?? []) for (const ctor of ctors) push(callers, ctor, fn);
  const foreign = receivers && bindings ? reachesForeignCode(program, plan, bindings.counts, receivers.byName, callers, new Set([...suspending, ...direct.keys()])) : new Set<FnPlan>();
  // An array literal that another module's code may reach can have an own `push`: its calls are unknown.
  for (const fn of receivers?.localArrayCalls ?? []) {
    if (!foreign.has(fn) || suspending.has(fn)) continue;
    suspending.add(fn);
    queue.push(fn);
  }
  while (queue.length > 0) {
    for (const caller of callers.get(queue.pop()!) ?? []) {
      if (suspending.has(caller)) continue;
      suspending.add(caller);
      queue.push(caller);
    }
  }
  const masks = direct.size > 0 ? dependencyMasks(direct, callers, suspending) : new Map<FnPlan, number>();
  // A caller of a function that makes and calls a class relies on that class's methods as much.
  const made = receivers && receivers.made.size > 0 ? dependencySets(receivers.made, callers, suspending) : new Map<FnPlan, Set<ReceiverClass>>();
  const guarded = [...new Set([...(receivers?.usesReceiver ?? []), ...masks.keys(), ...made.keys()])].filter((fn) => !suspending.has(fn));
  const paying = guardsThatPay(guarded, callers, suspending, receivers, masks);
  for (const fn of guarded) if (!paying.has(fn)) suspending.add(fn);
  guardFunctions(plan, guarded.filter((fn) => paying.has(fn)), masks, made, foreign, checked, known, receivers, suspending);
  return suspending;
}

/**
 * The guards worth their cost. A receiver guard of a class other modules can reach reads every name the
 * method relies on (tens of ns each); where the plain run below it would reach no function with a twin and
 * run no loop, the full twin costs less (bench/experiments/guard-subsets.mjs: a two-call method, about 220 ns
 * guarded and 70 ns on its full twin), so such a method keeps only the full twin. A method that calls a
 * checked binding keeps its guard (the bound function may have a twin), and so do other guards (a sealed
 * class's fields, checked bindings' bits, made classes).
 */
function guardsThatPay(guarded: FnPlan[], callers: Map<FnPlan, FnPlan[]>, suspending: Set<FnPlan>, receivers: Receivers | undefined, masks: Map<FnPlan, number>): Set<FnPlan> {
  const callees = new Map<FnPlan, FnPlan[]>();
  for (const [callee, list] of callers) for (const caller of list) push(callees, caller, callee);
  const twinned = new Set([...suspending, ...guarded]);
  const paying = new Set<FnPlan>();
  for (const fn of guarded) {
    const owner = receivers?.methodClass.get(fn);
    if (!owner || owner.sealed) {
      paying.add(fn);
      continue;
    }
    // (A checked binding's function may have a twin of its own, which the full twin would run.)
    const below = reachableFrom(fn, (at) => callees.get(at) ?? []);
    if ([...below].some((at) => (at !== fn && twinned.has(at)) || masks.has(at) || hasLoop(at.node.body))) paying.add(fn);
  }
  return paying;
}

/** `start` and everything `next` leads to from it, to a fixed point. */
export function reachableFrom<T>(start: T, next: (at: T) => Iterable<T>): Set<T> {
  const seen = new Set<T>();
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.pop()!;
    if (seen.has(at)) continue;
    seen.add(at);
    for (const to of next(at)) queue.push(to);
  }
  return seen;
}

const LOOPS: ReadonlySet<string> = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/** A loop in a function's own body (not in functions written inside it). */
function hasLoop(node: Node): boolean {
  if (LOOPS.has(node.type)) return true;
  return !isFunction(node) && node.type !== 'ClassBody' && children(node).some(hasLoop);
}

/**
 * Functions that cannot reach a suspension only under a run-time condition keep a twin (they are added to
 * `suspending`, which here means "has a twin"), and, where it can be written, one that checks the
 * condition first and then runs the original as plain code:
 * - a method of a receiver class: its receiver guard (plan-receivers.ts), which covers the classes it
 *   makes, and the bits of the checked bindings it relies on (plan-checked-bindings.ts);
 * - a module-level function: those bits, and that the classes it makes still have their methods;
 * - any other function: none (a full twin).
 * Guards call the original with the twin's `arguments`, so parameters must be plain names (a default or
 * a pattern would run twice). Receiver facts (the guard's checks of `this` and of made classes, calls on a
 * local array literal) stay true only while nothing but this module's code runs, which a checked binding's
 * value, or another module's constructor or tag function (`foreign`, plan-foreign-code.ts), breaks: a
 * function relying on both keeps a full twin. The classes a guard refers to get a spec.
 */
function guardFunctions(plan: Plan, functions: FnPlan[], masks: Map<FnPlan, number>, made: Map<FnPlan, Set<ReceiverClass>>, foreign: Set<FnPlan>, checked: Map<string, CheckedBinding>, known: Map<string, FnPlan>, receivers: Receivers | undefined, suspending: Set<FnPlan>): void {
  const names = new Map([...known].map(([name, fn]) => [fn, name]));
  const byName = receivers?.byName ?? new Map<string, ReceiverClass>();
  const guard = (c: ReceiverClass): void => {
    if (c.guarded) return;
    c.guarded = true;
    c.index = plan.guarded.length;
    plan.guarded.push(c);
    for (const kind of c.fields.values()) if (kind.kind === 'class') guard(byName.get(kind.name)!);
    for (const name of c.protos) guard(byName.get(name)!);
  };
  const ready: [string, number][] = [];
  let used = 0;
  for (const fn of functions) {
    suspending.add(fn);
    if (fn.refusal || !fn.ordinary || !simpleParams(fn.node)) continue;
    const mask = masks.get(fn);
    const classes = made.get(fn);
    // Receiver facts hold while only this module's code runs; a checked binding runs another module's.
    if ((mask !== undefined || foreign.has(fn)) && (classes || receivers?.usesReceiver.has(fn) || receivers?.localArrayCalls.has(fn))) continue;
    const owner = receivers?.methodClass.get(fn);
    const name = names.get(fn);
    if (owner) {
      fn.fast = owner;
      fn.guardUses = guardedUses(fn, receivers!.ownUses);
      owner.fast.push(fn);
      for (const c of classes ?? []) {
        owner.protos.add(c.name);
        guard(c);
      }
      guard(owner);
    } else if (name !== undefined && (fn.attach.kind === 'hoist' || fn.attach.kind === 'postfix')) {
      fn.checkName = name;
      if (classes) {
        fn.madeClasses = [...classes];
        for (const c of classes) guard(c);
      } else if (mask !== undefined) ready.push([name, mask]); // (a prototype can change later: not for good)
    } else continue;
    if (mask !== undefined) {
      fn.checkMask = mask;
      used |= mask;
    }
  }
  if (used === 0) return;
  const checks = new Map<Node, { bit: number; names: string[] }>();
  for (const [name, { statement, bit }] of checked) {
    if ((used & bit) === 0) continue;
    const check = checks.get(statement) ?? { bit, names: [] };
    check.names.push(name);
    checks.set(statement, check);
  }
  plan.checked = { checks, ready };
}

/** Module-level functions whose name is declared once in the whole module and never assigned. */
function moduleFunctions(program: Node, plan: Plan): { known: Map<string, FnPlan>; bindings?: Bindings } {
  const counts = new Map<string, number>();
  const assigned = new Set<string>();
  let usesDirectEval = false;
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'eval') usesDirectEval = true;
        break;
      case 'VariableDeclarator':
        for (const name of boundNames(node.id)) counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.id) counts.set(node.id.name, (counts.get(node.id.name) ?? 0) + 1);
        break;
      case 'AssignmentExpression':
        for (const name of boundNames(node.left.type === 'Identifier' ? node.left : patternOf(node.left))) assigned.add(name);
        break;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') assigned.add(node.argument.name);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') for (const name of boundNames(patternOf(node.left))) assigned.add(name);
        break;
    }
    if (isFunction(node)) for (const param of node.params) for (const name of boundNames(param)) counts.set(name, (counts.get(name) ?? 0) + 1);
    if (node.type === 'CatchClause' && node.param) for (const name of boundNames(node.param)) counts.set(name, (counts.get(name) ?? 0) + 1);
    if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') counts.set(node.local.name, (counts.get(node.local.name) ?? 0) + 1);
    for (const child of children(node)) visit(child);
  };
  visit(program);
  const known = new Map<string, FnPlan>();
  // A direct eval can assign any binding behind the analysis's back.
  if (usesDirectEval) return { known };
  const consider = (name: string, fn: Node | undefined): void => {
    const info = fn && plan.functions.get(unwrapParens(fn));
    if (info && counts.get(name) === 1 && !assigned.has(name)) known.set(name, info);
  };
  for (let statement of program.body as Node[]) {
    if ((statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') && statement.declaration) statement = statement.declaration;
    if (statement.type === 'FunctionDeclaration' && statement.id) consider(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations as Node[]) if (declarator.id.type === 'Identifier' && declarator.init) consider(declarator.id.name, declarator.init);
    }
  }
  return { known, bindings: { counts, assigned } };
}

/** An assignment target as a pattern (`[a, b] = …`, `({ a } = …)`); member targets bind nothing. */
function patternOf(target: Node): Node {
  if (target.type === 'ArrayPattern' || target.type === 'ObjectPattern' || target.type === 'Identifier' || target.type === 'AssignmentPattern' || target.type === 'RestElement') return target;
  return { type: 'MemberExpression', start: target.start, end: target.end };
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
