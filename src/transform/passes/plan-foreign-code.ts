/**
 * Code of other modules that a plain run can reach without a call the analysis resolves: a constructor
 * (`new Other()`, which runs plain in twins too, so it never made its caller suspend) and a tag function
 * (`` tag`…` ``). Receiver facts (plan-receivers.ts) hold only while nothing but this module's code runs,
 * so a function whose plain run reaches such code, directly or through what it calls or constructs, keeps
 * a full twin when it relies on them (plan-suspension.ts, guardFunctions), as with checked bindings.
 *
 * Built-ins stay trusted, as everywhere in the analysis: `new Map()` and `` String.raw`…` `` (a list, as
 * for calls: a global another module defines is no built-in). A class of this module runs its own
 * constructor, which counts when it calls out (a call the analysis does not resolve to this module's
 * code, or a checked binding).
 */
import { type Node, children, isFunction, staticKeyName, unwrapParens } from '../ast.ts';
import { type ReceiverClass, constructorOf } from './plan-receivers.ts';
import type { FnPlan, Plan } from './plan-twins.ts';
import { push } from './plan-suspension.ts';

/** Built-in constructors the module may make without running another module's code (as with calls, plan-twins.ts). */
const BUILTIN_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Object', 'Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Date', 'RegExp', 'Promise', 'Proxy', 'Number', 'String', 'Boolean',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController',
]);

/**
 * Names under which the language or a built-in calls a function with no call in sight: coercions
 * (`${x}`, `+x`, `JSON.stringify`, `join`), `instanceof`, string matching with an object. Accessors count too.
 */
const HOOK_NAMES: ReadonlySet<string> = new Set(['toString', 'valueOf', 'toJSON', 'toLocaleString']);
const HOOK_SYMBOLS: ReadonlySet<string> = new Set(['toPrimitive', 'hasInstance', 'match', 'matchAll', 'replace', 'search', 'split', 'iterator', 'asyncIterator', 'species', 'toStringTag', 'isConcatSpreadable']);
/** With an iterator in the module, these run when a built-in (spread, `Array.from`) iterates it. */
const ITERATOR_NAMES: ReadonlySet<string> = new Set(['next', 'return', 'throw']);

/**
 * The functions whose plain run may run another module's code: a constructor or tag function, or a call
 * that leaves the module (`callsOut`: an unresolved call or a checked binding), in their own body or in
 * what they call, construct, or make (a function written inside another may be called back by a
 * built-in, `'x'.replace(re, fn)`, with no call in sight). `declared`: every name the module binds
 * (anything else is a global); `classes`: its module-level classes by name; `callers`: callee → the
 * functions calling it.
 *
 * And if any of the module's hooks (accessors, `toString` and the like, Proxy handlers) calls out, any
 * plain run may reach it, through a property read or a coercion: then every function counts.
 */
export function reachesForeignCode(program: Node, plan: Plan, declared: Map<string, number>, classes: Map<string, ReceiverClass>, callers: Map<FnPlan, FnPlan[]>, callsOut: Set<FnPlan>): Set<FnPlan> {
  const foreign = new Set<FnPlan>();
  /** Constructor → the functions that make its class; nested function → the function it is written in. */
  const makers = new Map<FnPlan, FnPlan[]>();
  const hooks = new Set<FnPlan>();
  const literalFunctions: FnPlan[] = [];
  const iteratorNames: FnPlan[] = [];
  let iterators = false;
  let unknownHandler = false;
  const fnOf = (node: Node | undefined): FnPlan | undefined => (node && isFunction(unwrapParens(node)) ? plan.functions.get(unwrapParens(node)) : undefined);
  const visit = (node: Node, owner: FnPlan | undefined): void => {
    if (isFunction(node)) {
      const inner = plan.functions.get(node);
      if (owner && inner) push(makers, inner, owner);
      owner = inner;
    }
    if (owner && node.type === 'TaggedTemplateExpression' && !isStringRaw(node.tag, declared)) foreign.add(owner);
    // A class defined while the function runs runs its static blocks and static initialisers then.
    if (owner && (node.type === 'ClassExpression' || node.type === 'ClassDeclaration') && staticPartsCallOut(node.body)) foreign.add(owner);
    if (node.type === 'NewExpression') {
      const callee = unwrapParens(node.callee);
      const local = callee.type === 'Identifier' ? classes.get(callee.name) : undefined;
      if (callee.type === 'Identifier' && callee.name === 'Proxy' && !declared.has('Proxy')) {
        const handler = node.arguments[1] && unwrapParens(node.arguments[1]);
        if (handler?.type === 'ObjectExpression') for (const property of handler.properties as Node[]) addHook(fnOf(property.value));
        else unknownHandler = true;
      }
      if (!owner) {
        // (At the top level: not part of any function's plain run.)
      } else if (local) {
        const ctor = constructorOf(local.body, plan);
        if (local.extendsSomething || fieldsCallOut(local.body)) foreign.add(owner);
        else if (ctor) push(makers, ctor, owner);
      } else if (!(callee.type === 'Identifier' && BUILTIN_CONSTRUCTORS.has(callee.name) && !declared.has(callee.name))) foreign.add(owner);
    }
    if (node.type === 'MethodDefinition' || node.type === 'Property') {
      const value = fnOf(node.value);
      if (value && node.type === 'Property') literalFunctions.push(value);
      const name = node.key.type === 'PrivateIdentifier' ? undefined : staticKeyName(node.key, node.computed);
      const symbol = node.computed ? symbolName(node.key) : undefined;
      if (node.kind === 'get' || node.kind === 'set' || (name !== undefined && HOOK_NAMES.has(name)) || (node.computed && name === undefined)) addHook(value);
      if (name !== undefined && ITERATOR_NAMES.has(name) && value) iteratorNames.push(value);
      if (symbol !== undefined && HOOK_SYMBOLS.has(symbol)) {
        addHook(value);
        if (symbol === 'iterator' || symbol === 'asyncIterator') iterators = true;
      }
    }
    // `o.toString = () => …`: a hook set by assignment.
    if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && !node.left.computed && HOOK_NAMES.has(node.left.property.name)) addHook(fnOf(node.right));
    for (const child of children(node)) visit(child, owner);
  };
  function addHook(fn: FnPlan | undefined): void {
    if (fn) hooks.add(fn);
  }
  visit(program, undefined);
  if (iterators) for (const fn of iteratorNames) hooks.add(fn);
  if (unknownHandler) for (const fn of literalFunctions) hooks.add(fn);
  for (const fn of callsOut) foreign.add(fn);
  // To a fixed point: callers of such functions, makers of such constructors, functions they are written in.
  const queue = [...foreign];
  while (queue.length > 0) {
    const fn = queue.pop()!;
    for (const next of [...(callers.get(fn) ?? []), ...(makers.get(fn) ?? [])]) {
      if (foreign.has(next)) continue;
      foreign.add(next);
      queue.push(next);
    }
  }
  for (const hook of hooks) if (foreign.has(hook)) return new Set(plan.functions.values());
  return foreign;
}

/** `` String.raw`…` ``, the one built-in tag (when the module does not rebind `String`). */
function isStringRaw(tag: Node, declared: Map<string, number>): boolean {
  const member = unwrapParens(tag);
  return member.type === 'MemberExpression' && !member.computed && member.object.type === 'Identifier' && member.object.name === 'String' && !declared.has('String') && member.property.name === 'raw';
}

/** `Symbol.iterator` → 'iterator'. */
function symbolName(key: Node): string | undefined {
  const member = unwrapParens(key);
  return member.type === 'MemberExpression' && !member.computed && member.object.type === 'Identifier' && member.object.name === 'Symbol' ? member.property.name : undefined;
}

/** A call, `new` or tag in `node`, outside nested functions. */
function callsIn(node: Node): boolean {
  return node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression' || (!isFunction(node) && children(node).some(callsIn));
}

/** An instance field initialiser with a call in it: it runs when the class is made. */
function fieldsCallOut(body: Node): boolean {
  return (body.body as Node[]).some((e) => e.type === 'PropertyDefinition' && !e.static && e.value && callsIn(e.value));
}

/** A static block, or a static field initialiser, with a call in it: it runs when the class is defined. */
function staticPartsCallOut(body: Node): boolean {
  return (body.body as Node[]).some((e) => (e.type === 'StaticBlock' && callsIn(e)) || (e.type === 'PropertyDefinition' && e.static && e.value && callsIn(e.value)));
}
