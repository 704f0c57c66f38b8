// `arguments`: length, unmapped (strict) semantics, arrows reading the enclosing function's arguments,
// arguments with defaults and rest, spreading and iterating it, `arguments.callee` in strict code.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 2 }  // 2 = 2 (a parameter default), annotated below
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
const log = (x: unknown): void => { trace.push(x) }
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (!Object.is(actual, expected) && (typeof actual !== 'object' || a !== e)) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'tick' })
function caught(f: () => unknown): string {
  try { return JSON.stringify(f()) } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` }
}

function count(..._xs: unknown[]) { return tick(arguments.length) }
function first(a?: number) { return [arguments.length, a, arguments[0], arguments[5]] }
function unmapped(a: number) {
  a = tick(a + 1)
  const afterParam = arguments[0]
  arguments[0] = 99
  return [a, afterParam, arguments[0]]
}
function viaArrow(x: number, y: number) {
  const inner = () => [arguments.length, tick(arguments[0]), arguments[1]]
  const deeper = () => () => Array.from(arguments).map((v) => tick(v) * 2)
  return [inner(), deeper()()]
}
// sync fallback ×2: `tick` in a parameter default (yield is not allowed there); withDefaults is called twice without b
function withDefaults(a: number, b = tick(a) + 1) {
  return [arguments.length, a, b, arguments[1]]
}
function withRest(a: number, ...rest: number[]) {
  return [arguments.length, rest.length, tick(rest.reduce((s, v) => s + v, a))]
}
function spreadArgs() { return Math.max(...(arguments as unknown as number[]), tick(0)) }
function iterateArgs() {
  const out: unknown[] = []
  for (const v of arguments) out.push(tick(v))
  return out
}
function forwarded(this: unknown, ..._: unknown[]) { return target.apply(this, arguments as any) }
function target(this: any, a: number, b: number) { return [this?.tag ?? null, a + tick(b), arguments.length] }
function argsIdentity() {
  const a1 = arguments
  const get = () => arguments
  tick(null)
  return a1 === get()
}
function argsKind() {
  return [Object.prototype.toString.call(arguments), Array.isArray(arguments), typeof arguments[Symbol.iterator]]
}
function argsCallee() { return arguments.callee }
function shadowed(arguments_: number) {
  const f = function () { return arguments.length }
  return [f(1, 2, 3), arguments_, tick(arguments.length)]
}
class Holder {
  m(..._a: unknown[]) { const arrow = () => arguments.length; return tick(arrow()) }
  static s() { return tick(arguments.length) }
}
function lengthChanges() {
  const before = arguments.length
  ;(arguments as any).length = 1
  return [before, arguments.length, Array.prototype.slice.call(arguments)]
}
function argumentsInNestedFunctionDefault(a = () => arguments.length) { return [a(), arguments.length] }

export default function main(): unknown {
  eq(count(), 0, 'no args')
  eq(count(1, 2, 3), 3, 'three args')
  eq(count(undefined), 1, 'explicit undefined counts')
  eq(first(), [0, undefined, undefined, undefined], 'missing arg')
  eq(first(7, 8), [2, 7, 7, undefined], 'extra arg')
  eq(unmapped(1), [2, 1, 99], 'strict arguments are unmapped')
  eq(viaArrow(3, 4), [[2, 3, 4], [6, 8]], 'arrows see the enclosing arguments')
  eq(withDefaults(5), [1, 5, 6, undefined], 'default not reflected in arguments')
  eq(withDefaults(5, 1), [2, 5, 1, 1], 'given value')
  eq(withDefaults(5, undefined), [2, 5, 6, undefined], 'undefined triggers default but counts')
  eq(withRest(1, 2, 3, 4), [4, 3, 10], 'rest and arguments')
  eq(spreadArgs(3, 9, 2), 9, 'spread arguments')
  eq(spreadArgs(), 0, 'spread empty arguments')
  eq(iterateArgs('a', 'b'), ['a', 'b'], 'for-of over arguments')
  eq(forwarded.call({ tag: 't' }, 1, 2, 3), ['t', 3, 3], 'apply(this, arguments)')
  eq(forwarded(1, 2), [null, 3, 2], 'forward without this')
  eq(argsIdentity(), true, 'arrow sees the same arguments object')
  eq(argsKind(), ['[object Arguments]', false, 'function'], 'arguments kind')
  eq(caught(() => argsCallee()), "TypeError: 'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them", 'callee in strict code')
  eq(shadowed(4), [3, 4, 1], 'inner function has its own arguments')
  eq(new Holder().m(1, 2), 2, 'arguments in method through arrow')
  eq(Holder.s(1, 2, 3), 3, 'arguments in static method')
  eq(lengthChanges(1, 2, 3), [3, 1, [1]], 'writable length')
  eq(argumentsInNestedFunctionDefault(), [0, 0], 'arguments in a default parameter closure')
  eq(argumentsInNestedFunctionDefault(undefined, 2 as any), [2, 2], 'arguments in a default sees the call')
  log([count(1, 2), first(tick(1)), unmapped(10)])
  return trace
}
