// Default parameters: defaults that call functions and hidden functions, refer to earlier parameters,
// hit the TDZ, run only for `undefined`, close over the parameter scope (separate from the body's `var`s),
// and are evaluated left to right between argument binding and the body.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 11 }  // 11 = 11 (parameter defaults), annotated below
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
let seq = 0
const next = (tag: string) => { seq++; log(`default ${tag} #${seq}`); return seq }

// sync fallback ×2: a parameter default (yield is not allowed there); called twice without c
function basic(a = 1, b = a + 1, c = tick(a + b)) { return [a, b, c] }
// sync fallback ×3: parameter defaults: x and y for callsHidden(), y for callsHidden('X')
function callsHidden(x = tick('dx'), y = tick(x + '-y')) { return x + '|' + y }
function order(a = next('a'), b = next('b'), c = next('c')) { return [a, b, c] }
function tdz(a = b, b = 1) { return [a, b] }
function selfRef(a = a) { return a }
function scopes(x = 1, get = () => x, set = (v: number) => { x = v }) {
  var x: number
  const before = [x, get()]
  x = 50
  set(tick(7))
  return [...before, x, get()]
}
function bodyVarShadow(a = 1, f = () => a) {
  var a = 2
  return [a, f()]
}
// sync fallback ×3: destructuring defaults in the parameter list: p and s, then s
function objDefault({ p = tick('p0'), q = next('q') } = {}, [r = 'r0', s = tick('s0')] = []) { return [p, q, r, s] }
function defaultThrows(a = (() => { throw new RangeError('bad default') })()) { return a }
function defaultUsesThis(this: any, v = this?.base ?? 'none') { return tick(v) }
function defaultUsesArguments(a: number, b = arguments.length) { return [a, b] }
// sync fallback ×1: the default v = fn(4) calls the default arrow from the parameter list
function defaultIsFunctionCall(fn = (n: number) => tick(n) * 2, v = fn(4)) { return v }
function defaultClosureCreatedPerCall(f = () => seq) { return f }
// sync fallback ×1: a parameter default
const arrowDefault = (a = tick(3), b = [a, a]) => b
class K {
  base = 'kb'
  // sync fallback ×1: a parameter default
  m(v = this.base + tick('!')) { return v }
  static s(v = this.name) { return tick(v) }
}
function nullIsNotUndefined(a: unknown = 'dflt') { return a }
function lateDefault(a: number, cb: () => number = () => a * tick(10)) { a = 3; return cb() }
function defaultWithSideEffectOnLaterParam(a = 1, b = (a = 5, 2)) { return [a, b] }
function fnLength(_a: number, _b = 1, _c?: number) { return 0 }
function fnLength2(_a = 1, _b: number) { return 0 }

export default function main(): unknown {
  eq(basic(), [1, 2, 3], 'all defaults')
  eq(basic(5), [5, 6, 11], 'later defaults see earlier params')
  eq(basic(5, undefined, 0), [5, 6, 0], 'undefined triggers default, 0 does not')
  eq(callsHidden(), 'dx|dx-y', 'defaults with hidden calls')
  eq(callsHidden('X'), 'X|X-y', 'partial')
  seq = 0
  eq(order(), [1, 2, 3], 'left to right')
  eq(order(undefined, 10), [4, 10, 5], 'skipped defaults not evaluated')
  eq(caught(() => tdz()), "ReferenceError: Cannot access 'b' before initialization", 'TDZ of later param')
  eq(caught(() => tdz(1)), '[1,1]', 'no TDZ when given')
  eq(caught(() => selfRef()), "ReferenceError: Cannot access 'a' before initialization", 'self reference')
  eq(scopes(), [1, 1, 50, 7], 'parameter scope separate from var scope')
  eq(bodyVarShadow(), [2, 1], 'body var shadows parameter for body only')
  eq(objDefault(), ['p0', 6, 'r0', 's0'], 'destructuring defaults')
  eq(objDefault({ p: 'P' }, ['R']), ['P', 7, 'R', 's0'], 'partial destructuring defaults')
  eq(caught(() => defaultThrows()), 'RangeError: bad default', 'throwing default')
  eq(defaultThrows(3), 3, 'throwing default skipped')
  eq(defaultUsesThis.call({ base: 'B' }), 'B', 'this in default')
  eq(defaultUsesThis(), 'none', 'undefined this in default')
  eq(defaultUsesArguments(1), [1, 1], 'arguments in default')
  eq(defaultIsFunctionCall(), 8, 'default calls earlier default')
  eq(defaultIsFunctionCall((n) => n + 1), 5, 'default calls given fn')
  eq(defaultClosureCreatedPerCall() === defaultClosureCreatedPerCall(), false, 'fresh default closure per call')
  eq(arrowDefault(), [3, 3], 'arrow default')
  eq(new K().m(), 'kb!', 'method default uses this')
  eq(K.s(), 'K', 'static default uses class')
  eq(nullIsNotUndefined(null), null, 'null does not trigger default')
  eq(nullIsNotUndefined(void 0), 'dflt', 'void 0 triggers default')
  eq(lateDefault(1), 30, 'default closure sees later assignment')
  eq(defaultWithSideEffectOnLaterParam(), [5, 2], 'default assigns earlier param')
  eq([fnLength.length, fnLength2.length, basic.length, objDefault.length, arrowDefault.length], [1, 0, 0, 0, 0], 'length stops at first default')
  log(seq)
  return trace
}
