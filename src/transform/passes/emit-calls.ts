/**
 * Call sites inside a twin. `f(a, b)` becomes, in effect:
 *
 *   (t0 = f, t1 = a, (t2 = t0?.[T]) ? (yield* t2.call(undefined, t1, b))
 *                   : typeof t0 === "function" ? t0(t1, b) : throw TypeError("f is not a function"))
 *
 * The callee and the arguments are evaluated once, in the original order; a callee with a twin is
 * delegated to (so it can suspend), any other is called as it is; a non-callable one fails with V8's
 * own message. Arguments that are plain names or literals are written in both branches instead of
 * being copied to a temporary.
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
  node.arguments.forEach((arg: Node, i: number) => {
    if (i > 0) out.write(', ');
    emitter.emit(arg, ctx, out, node);
  });
  out.write('))');
}

function emitCallSite(emitter: Emitter, node: Node, callee: Node, ctx: Ctx, out: Fragment): void {
  const temps = ctx.temps!;
  if (callee.type === 'MemberExpression' && callee.property.type === 'PrivateIdentifier' && emitter.privateTwin(callee.property.name)) {
    emitPrivateCall(emitter, node, callee, ctx, out);
    return;
  }
  const fn = temps.next();
  out.write('(', node.start);
  let receiver = 'void 0';
  if (callee.type === 'MemberExpression') {
    if (callee.object.type === 'Super') {
      receiver = ctx.thisName ?? 'this';
      out.write(`${fn} = super`);
    } else {
      receiver = temps.next();
      assignTemp(emitter, receiver, callee.object, ctx, out, callee);
      out.write(`, ${fn} = ${receiver}`);
    }
    writeAccess(emitter, callee, ctx, out);
  } else if (callee.type === 'ChainExpression' && callee.expression.type === 'MemberExpression' && chainBase(callee).type !== 'Super') {
    // `(o?.m)()`: a parenthesised optional member keeps `o` as the receiver.
    out.write(`${fn} = `);
    callee.__keepReceiver = true;
    receiver = emitChain(emitter, callee, ctx, out);
  } else {
    assignTemp(emitter, fn, node.callee, ctx, out, node);
  }
  if (node.optional) {
    // `super.m?.()`, the one optional call that reaches here (other chains go through emitChain).
    out.write(`, ${fn} == null ? void 0 : (${fn}`);
    dispatch(emitter, node, fn, receiver, ctx, out);
    out.write('))');
    return;
  }
  dispatch(emitter, node, fn, receiver, ctx, out);
  out.write(')');
}

/**
 * `o.#m(x)` where `#m` is a private method with a twin: private methods cannot be replaced, so the twin
 * is called directly, after reading `o.#m` so that a wrong receiver fails with V8's own message.
 */
function emitPrivateCall(emitter: Emitter, node: Node, callee: Node, ctx: Ctx, out: Fragment): void {
  const temps = ctx.temps!;
  const receiver = temps.next();
  out.write('(', node.start);
  assignTemp(emitter, receiver, callee.object, ctx, out, callee);
  out.write(`, ${receiver}.#${callee.property.name}, (yield* ${receiver}.${privateTwinName(emitter, callee.property.name)}(`, callee.property.start);
  node.arguments.forEach((arg: Node, i: number) => {
    if (i > 0) out.write(', ');
    emitter.emit(arg, ctx, out, node);
  });
  out.write(')))', callee.property.start);
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

/** Writes `, args…, (twin) ? (yield* twin.call(receiver, …)) : …` for callee temp `fn`. */
export function dispatch(emitter: Emitter, call: Node, fn: string, receiver: string, ctx: Ctx, out: Fragment): void {
  const temps = ctx.temps!;
  const args = emitter.fragment();
  // Names are read where the call happens, so they may stay in place only if no argument is evaluated
  // in between that could assign them (`f(y, y = 1)` must pass the old y): only when all are simple.
  const allSimple = call.arguments.every((arg: Node) => arg.type !== 'SpreadElement' && isSimple(arg));
  call.arguments.forEach((arg: Node, i: number) => {
    if (i > 0) args.write(', ');
    if (arg.type === 'SpreadElement') {
      // Iterated where it stands, as the original does, before later arguments are evaluated.
      // (Through a call, so that a non-iterable fails with the call-spread message.)
      const spread = temps.next();
      out.write(`, ${spread} = ${emitter.names.runtime}.args(...`);
      emitter.emit(arg.argument, ctx, out, arg);
      out.write(')');
      args.write(`...${spread}`);
    } else if (isSimple(arg) && (allSimple || arg.type !== 'Identifier')) {
      emitter.emit(arg, ctx, args, call);
    } else {
      const value = temps.next();
      out.write(', ');
      assignTemp(emitter, value, arg, ctx, out, call);
      args.write(value);
    }
  });
  const twin = temps.next();
  const at = calleePosition(call);
  const { twinKey, ownerKey, apply, runtime } = emitter.names;
  const hasArgs = call.arguments.length > 0;
  // A twin counts only if it belongs to this very function (not one seen through a Proxy or inherited).
  out.write(`, (${twin} = ${fn}?.[${twinKey}]) && ${twin}[${ownerKey}] === ${fn} ? (yield* `, at);
  // With a receiver, calls go through Reflect.apply, so that a patched or own `call` property is not used.
  if (receiver === 'void 0') out.write(`${twin}(`, at).append(args).write(`)) : typeof ${fn} === "function" ? ${fn}(`, at).append(args);
  else {
    out.write(`${apply}(${twin}, ${receiver}, [`, at).append(args).write(`])) : typeof ${fn} === "function" ? ${apply}(${fn}, ${receiver}, [`, at).append(args);
    out.write(']');
  }
  out.write(`) : ${runtime}.nf(${JSON.stringify(calleeText(call.callee))}${hasArgs ? ', ' : ''}`, at).append(args).write(')', at);
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

function isSimple(arg: Node): boolean {
  return arg.type === 'Literal' || arg.type === 'Identifier' || arg.type === 'ThisExpression' || (arg.type === 'TemplateLiteral' && arg.expressions.length === 0);
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
  const value = temps.next();
  out.write('(', chain.start);
  let receiver = 'void 0';
  const inner = unwrapParens(base);
  if (links[0]!.type === 'CallExpression' && inner.type === 'MemberExpression' && inner.object.type !== 'Super' && !inner.optional) {
    // `(a.b)?.()`: the parenthesised member still calls with `a` as `this`.
    receiver = temps.next();
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
  for (const link of links) {
    if (link.optional) {
      out.write(`, ${value} == null ? void 0 : (${value}`);
      open++;
    }
    if (link.type === 'MemberExpression') {
      receiver = temps.next();
      out.write(`, ${receiver} = ${value}, ${value} = ${receiver}`);
      writeAccess(emitter, link, ctx, out);
    } else {
      const fn = temps.next();
      // `(fn, …dispatch)`: the dispatch starts with a comma.
      out.write(`, ${fn} = ${value}, ${value} = (${fn}`);
      dispatch(emitter, link, fn, receiver, ctx, out);
      out.write(')');
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
