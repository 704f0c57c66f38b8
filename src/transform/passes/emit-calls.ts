/**
 * Call sites inside a twin. `f(a, b)` becomes, in effect:
 *
 *   (t1 = f, t1 = ((t0 = t1?.[T]) && t0[O] === t1 ? t0 : (t0 = void 0, typeof t1 === "function" ? t1 : nc("f")))(a, b),
 *    t0 ? (yield* t1) : t1)
 *
 * The callee is evaluated once; then what to call: its own twin if it has one (the generator it returns
 * is delegated to, so it can suspend), else the callee itself, else a function that throws V8's own
 * "f is not a function" once the arguments are evaluated. The arguments are written once, where they
 * stand, exactly as in the original: they need no temporaries.
 *
 * Temporaries are allocated like a stack (emit-context.ts), and every one of them stays in the generator
 * frame of each suspended call: t0 (the twin) is live until the result is delegated to; t1 (the callee,
 * then the result) and a receiver's are read before the arguments are evaluated, so call sites nested in
 * the arguments reuse them. A frame holds two per level of nesting of calls in arguments.
 */
import { type Node, unwrapParens } from '../ast.ts';
import type { Fragment } from '../output.ts';
import type { Ctx } from './emit-context.ts';
import type { Emitter } from './emit-twins.ts';
import { privateTwinName } from './emit-classes.ts';

/** `f(x)` and `o.m(x)` (not in an optional chain). */
export function emitCall(emitter: Emitter, node: Node, ctx: Ctx, out: Fragment): void {
  const callee = unwrapParens(node.callee);
  if (callee.type === 'Super' || (callee.type === 'Identifier' && callee.name === 'eval')) {
    // `super()` only occurs in constructors; a direct eval must stay a direct call to keep its scope.
    emitter.emitChildren(node, ctx, out);
    return;
  }
  const immediate = immediateFunction(node);
  if (immediate && emitter.immediate.has(immediate)) {
    emitImmediateCall(emitter, node, immediate, ctx, out);
    return;
  }
  const temps = ctx.temps!;
  const mark = temps.mark();
  try {
    emitCallSite(emitter, node, callee, ctx, out);
  } finally {
    temps.release(mark);
  }
}

/** The function expression `call` calls where it is written: `(function () {…})()`, `(() => …)()`, `(function () {…}).call(x)`. */
export function immediateFunction(call: Node): Node | undefined {
  if (call.optional) return undefined;
  let callee = unwrapParens(call.callee);
  if (callee.type === 'MemberExpression' && !callee.computed && !callee.optional && callee.property.name === 'call') callee = unwrapParens(callee.object);
  return (callee.type === 'FunctionExpression' || callee.type === 'ArrowFunctionExpression') && !callee.async && !callee.generator ? callee : undefined;
}

/**
 * An immediately called function inside a twin: only its twin is ever called, so only the twin is written,
 * and delegated to. (Outside twins only the original is written: see Emitter.emitFunction.) Each copy of
 * an enclosing function thus holds one copy of it, not two: nested IIFEs no longer double the code.
 */
function emitImmediateCall(emitter: Emitter, node: Node, fn: Node, ctx: Ctx, out: Fragment): void {
  const viaCall = unwrapParens(node.callee) !== fn;
  out.write('(yield* ', node.start).append(emitter.twinOf(emitter.plan.functions.get(fn)!, ctx)).write(viaCall ? '.call(' : '(', node.start);
  writeArguments(emitter, node, ctx, out);
  out.write('))');
}

/** A call's arguments, comma-separated (after a first comma when something comes before them). */
function writeArguments(emitter: Emitter, call: Node, ctx: Ctx, out: Fragment, afterOthers = false): void {
  call.arguments.forEach((arg: Node, i: number) => {
    if (i > 0 || afterOthers) out.write(', ');
    emitter.emit(arg, ctx, out, call);
  });
}

function emitCallSite(emitter: Emitter, node: Node, callee: Node, ctx: Ctx, out: Fragment): void {
  const temps = ctx.temps!;
  if (callee.type === 'MemberExpression' && callee.property.type === 'PrivateIdentifier' && emitter.privateTwin(callee.property.name)) {
    emitPrivateCall(emitter, node, callee, ctx, out);
    return;
  }
  if (emitter.plan.privateCallApply.has(node)) {
    const method = unwrapParens(callee.object);
    if (emitter.privateTwin(method.property.name)) {
      emitPrivateCall(emitter, node, method, ctx, out, callee.property.name);
      return;
    }
  }
  // From `mark`: the twin, the callee (then the result), a receiver. The callee's own expression is
  // evaluated before any of them is set, so call sites in it may use all three.
  const mark = temps.mark();
  const twin = temps.at(mark, 0);
  const fn = temps.at(mark, 1);
  out.write('(', node.start);
  let receiver = 'void 0';
  if (callee.type === 'MemberExpression') {
    if (callee.object.type === 'Super') {
      receiver = ctx.thisName ?? 'this';
      out.write(`${fn} = super`);
    } else if (unwrapParens(callee.object).type === 'ThisExpression') {
      // `this` cannot change within a function: read again as the receiver, it needs no temporary.
      receiver = ctx.thisName ?? 'this';
      out.write(`${fn} = `);
      emitter.emit(callee.object, ctx, out, callee);
    } else {
      receiver = temps.at(mark, 2);
      assignTemp(emitter, receiver, callee.object, ctx, out, callee);
      out.write(`, ${fn} = ${receiver}`);
    }
    // A computed key is evaluated while the receiver is held.
    temps.hold(mark, receiver.startsWith(emitter.names.runtime) ? 3 : 2);
    writeAccess(emitter, callee, ctx, out);
  } else if (callee.type === 'ChainExpression' && callee.expression.type === 'MemberExpression' && chainBase(callee).type !== 'Super') {
    // `(o?.m)()`: a parenthesised optional member keeps `o` as the receiver (in the chain's temporary).
    temps.hold(mark, 2);
    out.write(`${fn} = `);
    callee.__keepReceiver = true;
    receiver = emitChain(emitter, callee, ctx, out);
  } else {
    assignTemp(emitter, fn, node.callee, ctx, out, node);
  }
  // While the arguments are evaluated, only the twin is live.
  temps.hold(mark, 1);
  const slots = { twin, fn, receiver, result: fn };
  if (node.optional) {
    // `super.m?.()`, the one optional call that reaches here (other chains go through emitChain).
    out.write(`, ${fn} == null ? void 0 : (${fn}`);
    dispatch(emitter, node, slots, ctx, out);
    out.write('))');
    return;
  }
  dispatch(emitter, node, slots, ctx, out);
  out.write(')');
}

/**
 * `o.#m(x)` (and `o.#m.call(t, x)`, `o.#m.apply(t, args)`) where `#m` is a private method with a twin:
 * private methods cannot be replaced, so the twin is called directly, after reading `o.#m` so that a wrong
 * receiver fails with V8's own message.
 */
function emitPrivateCall(emitter: Emitter, node: Node, callee: Node, ctx: Ctx, out: Fragment, via?: 'call' | 'apply'): void {
  const temps = ctx.temps!;
  const mark = temps.mark();
  const receiver = temps.at(mark, 0);
  out.write('(', node.start);
  assignTemp(emitter, receiver, callee.object, ctx, out, callee);
  out.write(`, ${receiver}.#${callee.property.name}, `);
  // The receiver is read before the arguments are evaluated: call sites in them may reuse its temporary.
  temps.release(mark);
  writePrivateTwinCall(emitter, node, receiver, callee.property.name, ctx, out, via, callee.property.start);
  out.write(')', callee.property.start);
}

/**
 * `(yield* r.#__gh_m(…))`, or `.call(t, …)`/`.apply(t, args)` on it (`this` is then `t`, whose brand the twin
 * checks as `#m` would), `r` having been read as `r.#m` just before.
 */
function writePrivateTwinCall(emitter: Emitter, call: Node, receiver: string, name: string, ctx: Ctx, out: Fragment, via: 'call' | 'apply' | undefined, at: number): void {
  out.write(`(yield* ${receiver}.${privateTwinName(emitter, name)}${via ? `.${via}` : ''}(`, at);
  writeArguments(emitter, call, ctx, out);
  out.write('))', at);
}

/** `.name`, `[key]` or `.#name` of a member expression, with the key emitted in `ctx`. */
function writeAccess(emitter: Emitter, member: Node, ctx: Ctx, out: Fragment): void {
  if (member.computed) {
    out.write('[');
    emitter.emit(member.property, ctx, out, member);
    out.write(']');
  } else if (member.property.type === 'PrivateIdentifier') out.write(`.#${member.property.name}`, member.property.start);
  else out.write(`.${member.property.name}`, member.property.start);
}

/** The temporaries of one dispatch: `fn` holds the callee, `result` receives the call's value (may be `fn`). */
export interface DispatchSlots {
  twin: string;
  fn: string;
  /** A temporary or `this` (`void 0`: a call without a receiver). */
  receiver: string;
  result: string;
}

/**
 * Writes `, result = (twin or fn or thrower)(args…), twin ? (yield* result) : result` for the callee in
 * `fn`. The caller makes sure call sites in the arguments allocate above `twin`, which stays live.
 *
 * The choice is written so that, for a callee without a twin, no branch that V8 takes does any work: the
 * lookups happen before any branch (`(fn ?? 0)[T]`, not `fn?.[T]`), and what follows them only picks a
 * value. A branch that loads a property would merge two effect chains between the receiver's map check
 * and the call, and V8 would then call a built-in such as `map` or `push` generically instead of inlining
 * it with its callback (bench/experiments/member-call-in-twin.mjs).
 */
export function dispatch(emitter: Emitter, call: Node, slots: DispatchSlots, ctx: Ctx, out: Fragment): void {
  const { twin, fn, receiver, result } = slots;
  const { twinKey, ownerKey, callbacksOnlyKey, call: callWith, runtime } = emitter.names;
  const at = calleePosition(call);
  // A twin counts only if it belongs to this very function (not one seen through a Proxy or inherited);
  // a built-in's green version only if some argument may have a twin: the built-in carries a mark
  // holding itself (so that an inherited mark does not count).
  const skipBuiltin = argumentsHaveNoTwins(emitter, call);
  if (skipBuiltin) emitter.usesCallbacksOnly = true;
  const lookup = skipBuiltin ? `(${twin} = (${fn} ?? 0)[${twinKey}], ${twin} = (${fn} ?? 0)[${callbacksOnlyKey}] === ${fn} ? void 0 : ${twin})` : `(${twin} = (${fn} ?? 0)[${twinKey}])`;
  const select = `(${lookup} && ${twin}[${ownerKey}] === ${fn} ? ${twin} : (${twin} = void 0, typeof ${fn} === "function" ? ${fn} : ${runtime}.nc(${JSON.stringify(calleeText(call.callee))})))`;
  const withReceiver = receiver !== 'void 0';
  out.write(`, ${result} = `);
  // With a receiver, calls go through Function.prototype.call as it was when the runtime loaded (never
  // a patched or own `call` property), with the arguments in place: V8 inlines that as a direct call.
  // (V8 places a call at its callee when that is a name, else at its opening parenthesis.)
  if (withReceiver) out.write(`${callWith}(${select}, ${receiver}`, at);
  else out.write(select).write('(', at);
  writeArguments(emitter, call, ctx, out, withReceiver);
  out.write(')');
  out.write(`, ${twin} ? (yield* ${result}) : ${result}`, at);
}

/**
 * `xs.map((x) => x.id)`: some argument is a function written here without a twin, and every other one
 * is such a function or a primitive literal. No argument can then suspend, so a built-in's green version
 * (which differs from the built-in only through its function arguments) is not needed. Sites without a
 * function argument are left alone: they rarely call such a built-in, and the check would cost them.
 */
function argumentsHaveNoTwins(emitter: Emitter, call: Node): boolean {
  let functions = 0;
  for (const arg of call.arguments as Node[]) {
    if (arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') {
      if (emitter.plan.functions.get(arg)?.twin !== false) return false;
      functions++;
    } else if (!(arg.type === 'Literal' && !('regex' in arg && arg.regex)) && !(arg.type === 'TemplateLiteral' && arg.expressions.length === 0)) return false;
  }
  return functions > 0;
}

/**
 * Writes `temp = value`. An anonymous function or class would take the temporary's name from that
 * assignment (NamedEvaluation, and V8's inferred names in stack traces), so it passes through the
 * runtime's identity function: `temp = runtime.id(value)`.
 */
function assignTemp(emitter: Emitter, temp: string, value: Node, ctx: Ctx, out: Fragment, parent: Node): void {
  const inner = unwrapParens(value);
  // (A twin-only closure is a call's result, which takes no name.)
  const anonymous = (inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression' || inner.type === 'ClassExpression') && !inner.id && !(ctx.temps && emitter.twinOnly.has(inner));
  out.write(anonymous ? `${temp} = ${emitter.names.runtime}.id(` : `${temp} = `);
  emitter.emit(value, ctx, out, parent);
  if (anonymous) out.write(')');
}

/** V8 reports a call at its property name (`o.m`) or at the callee (`f`). */
function calleePosition(call: Node): number {
  const callee = unwrapParens(call.callee);
  return callee.type === 'MemberExpression' && !callee.computed ? callee.property.start : callee.start;
}

/** Whether an optional chain has a call on its spine (`a?.b()`, `a?.()`), which the twin must dispatch. */
export function chainHasCall(chain: Node): boolean {
  let hasCall = false;
  let node: Node = chain.expression;
  for (; node.type === 'CallExpression' || node.type === 'MemberExpression'; node = node.type === 'CallExpression' ? node.callee : node.object) {
    if (node.type === 'CallExpression') hasCall = true;
  }
  // `super.m?.()` keeps its plain form: `super` cannot be held in a temporary.
  return hasCall && node.type !== 'Super';
}

function chainBase(chain: Node): Node {
  let node: Node = chain.expression;
  while (node.type === 'CallExpression' || node.type === 'MemberExpression') node = node.type === 'CallExpression' ? node.callee : node.object;
  return node;
}

/**
 * `a?.b.c(x)?.d`: evaluated link by link; a nullish link before a `?.` makes the whole chain undefined.
 * Returns the temporary holding the object of the last member access (a receiver for `(a?.b)()`).
 */
export function emitChain(emitter: Emitter, chain: Node, ctx: Ctx, out: Fragment): string {
  const mark = ctx.temps!.mark();
  const receiver = emitChainLinks(emitter, chain, ctx, out);
  // The chain's value is read at its end, so its temporaries are dead after it; but `(a?.b)()` reads the
  // receiver afterwards: the caller (emitCallSite) releases them then.
  if (!chain.__keepReceiver) ctx.temps!.release(mark);
  return receiver;
}

function emitChainLinks(emitter: Emitter, chain: Node, ctx: Ctx, out: Fragment): string {
  const links: Node[] = [];
  let base: Node = chain.expression;
  while (base.type === 'CallExpression' || base.type === 'MemberExpression') {
    links.unshift(base);
    base = base.type === 'CallExpression' ? base.callee : base.object;
  }
  const temps = ctx.temps!;
  // The chain's running value (a call link's callee, then its result), and one receiver for all links.
  const value = temps.next();
  let receiverTemp: string | undefined;
  const receiverSlot = (): string => (receiverTemp ??= temps.next());
  out.write('(', chain.start);
  let receiver = 'void 0';
  const inner = unwrapParens(base);
  if (links[0]!.type === 'CallExpression' && inner.type === 'MemberExpression' && inner.object.type !== 'Super' && !inner.optional) {
    // `(a.b)?.()`: the parenthesised member still calls with `a` as `this`.
    receiver = receiverSlot();
    assignTemp(emitter, receiver, inner.object, ctx, out, inner);
    out.write(`, ${value} = ${receiver}`);
    writeAccess(emitter, inner, ctx, out);
  } else if (links[0]!.type === 'CallExpression' && inner.type === 'ChainExpression' && inner.expression.type === 'MemberExpression' && chainBase(inner).type !== 'Super') {
    // `(a?.b)?.()`: so does a parenthesised optional chain ending in a member.
    out.write(`${value} = `);
    inner.__keepReceiver = true;
    receiver = emitChain(emitter, inner, ctx, out);
  } else assignTemp(emitter, value, base, ctx, out, links[0]!);
  let open = 0;
  let previous: Node | undefined;
  for (const link of links) {
    if (link.optional) {
      out.write(`, ${value} == null ? void 0 : (${value}`);
      open++;
    }
    const privateCallee = link.type === 'CallExpression' && previous?.type === 'MemberExpression' && previous.property.type === 'PrivateIdentifier' && emitter.privateTwin(previous.property.name) ? previous.property.name : undefined;
    previous = link;
    if (link.type === 'MemberExpression') {
      receiver = receiverSlot();
      out.write(`, ${receiver} = ${value}, ${value} = ${receiver}`);
      writeAccess(emitter, link, ctx, out);
    } else if (privateCallee !== undefined) {
      // `o?.#m(…)`: the member link read `#m` (its brand check); the call runs its private twin, as
      // emitPrivateCall does. (A private method is never nullish, so `?.()` after it calls it.)
      out.write(`, ${value} = `);
      writePrivateTwinCall(emitter, link, receiver, privateCallee, ctx, out, undefined, link.start);
      receiver = 'void 0';
    } else {
      // `value = (value, …, twin ? (yield* value) : value)`: the delegation's result becomes the value.
      const mark = temps.mark();
      out.write(`, ${value} = (${value}`);
      dispatch(emitter, link, { twin: temps.next(), fn: value, receiver, result: value }, ctx, out);
      out.write(')');
      temps.release(mark);
      receiver = 'void 0';
    }
  }
  out.write(`, ${value}${')'.repeat(open)})`);
  return receiver;
}

/** The callee as V8's CallPrinter prints it in "… is not a function". */
export function calleeText(node: Node): string {
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'ParenthesizedExpression':
    case 'ChainExpression':
      return calleeText(node.expression);
    case 'MemberExpression': {
      const object = node.object.type === 'Super' ? '(intermediate value)' : calleeText(node.object);
      const dot = node.optional ? '?.' : '.';
      if (node.property.type === 'PrivateIdentifier') return `${object}[#${node.property.name}]`;
      if (!node.computed) return `${object}${dot}${node.property.name}`;
      const key = node.property;
      const name = key.type === 'Literal' && typeof key.value === 'string' ? key.value : key.type === 'TemplateLiteral' && key.expressions.length === 0 ? key.quasis[0].value.cooked : undefined;
      // A string key that is not an array index prints as a property name.
      if (name !== undefined && !/^(0|[1-9]\d*)$/.test(name)) return `${object}${dot}${name}`;
      return `${object}${node.optional ? '?.' : ''}[${name ?? calleeText(key)}]`;
    }
    case 'CallExpression':
      return `${calleeText(node.callee)}(...)`;
    case 'TaggedTemplateExpression':
      return `${calleeText(node.tag)}(...)`;
    case 'Literal':
      return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.raw ?? node.value);
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? JSON.stringify(node.quasis[0].value.cooked) : '(intermediate value)';
    case 'ArrayExpression':
      return `[${node.elements.map((element: Node | null) => (element ? calleeText(element) : '')).join(',')}]`;
    case 'ObjectExpression':
      return `{${'(intermediate value)'.repeat(node.properties.length)}}`;
    case 'ConditionalExpression':
      return '(intermediate value)'.repeat(3);
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return `-${node.argument.raw}`;
      return `(${node.operator}${/^[a-z]/.test(node.operator) ? ' ' : ''}${calleeText(node.argument)})`;
    case 'AssignmentExpression':
      return calleeText(node.left);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return `(${calleeText(node.left)} ${node.operator} ${calleeText(node.right)})`;
    case 'SequenceExpression':
      return `(${node.expressions.map(calleeText).join(' , ')})`;
    default:
      return '(intermediate value)';
  }
}
