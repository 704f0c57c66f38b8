// Optional chaining: a?.(), a?.b(), a?.b.c(), o.m?.(), o?.[k()](x()), chains that short-circuit (the rest of
// the chain, including argument evaluation, is skipped) and ones that do not, parenthesised chains, `this`
// kept through optional calls, and the native errors when a non-optional link fails.
import { hidden } from 'greenhack'

export const expect = { suspends: true }
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
const arg = (v: unknown) => { log('arg ' + String(v)); return tick(v) }
const key = (k: string) => { log('key ' + k); return tick(k) }

const o: any = {
  id: 'o',
  m(x: unknown) { return `${this.id}.m(${String(x)})` },
  b: { id: 'b', c(x: unknown) { return `${this.id}.c(${String(x)})` }, d: null, e: { f() { return tick('f') } } },
  fn: (x: unknown) => 'fn:' + String(x),
  nothing: undefined as any,
  nul: null as any,
  getter: { get g() { log('getter g'); return { h: () => tick('h') } } },
}

export default function main(): unknown {
  const none: any = undefined
  const nul: any = null
  eq(none?.(arg('skipped')), undefined, 'a?.() on undefined skips args')
  eq(o.fn?.(arg(1)), 'fn:1', 'a?.() on a function')
  eq(none?.b(arg('s2')), undefined, 'a?.b() short-circuits')
  eq(nul?.b.c(arg('s3')), undefined, 'a?.b.c() short-circuits the whole chain')
  eq(o?.b.c(arg(2)), 'b.c(2)', 'a?.b.c() when present keeps this')
  eq(o.m?.(arg(3)), 'o.m(3)', 'o.m?.() keeps this')
  eq(o.nothing?.(arg('s4')), undefined, 'o.m?.() when m is undefined')
  eq(o.nul?.(arg('s5')), undefined, 'o.m?.() when m is null')
  eq(o?.[key('m')](arg(4)), 'o.m(4)', 'computed optional member call: key before args')
  eq(none?.[key('never')](arg('never')), undefined, 'computed key skipped')
  eq(o.b?.e.f(), 'f', 'deep chain')
  eq(o.b.d?.e.f(arg('s6')), undefined, 'deep chain short-circuit in the middle')
  eq(o.getter?.g.h(), 'h', 'getter in chain evaluated once')
  eq(o.b?.c.call({ id: 'called' }, arg(5)), 'called.c(5)', 'optional then call()')
  eq((o?.b).c(arg(6)), 'b.c(6)', 'parenthesised chain keeps this')
  eq(caught(() => (nul?.b).c(arg('throws after'))), "TypeError: Cannot read properties of undefined (reading 'c')", 'parentheses stop short-circuit')
  eq(caught(() => o.b.d.e), "TypeError: Cannot read properties of null (reading 'e')", 'non-optional link on null')
  eq(caught(() => o.b?.d.e), "TypeError: Cannot read properties of null (reading 'e')", 'optional link before a null')
  eq(caught(() => o.nothing()), 'TypeError: o.nothing is not a function', 'non-optional call of undefined member')
  eq(caught(() => o.b?.nope(arg(7))), 'TypeError: o.b?.nope is not a function', 'optional member, missing method, args evaluated')
  eq(caught(() => o.id?.()), 'TypeError: o.id is not a function', 'optional call of a non-function is still an error')
  eq(o.b.c?.(o.nothing?.x, arg(8)), 'b.c(undefined)', 'optional inside arguments')
  const fns: any = { list: [(x: number) => tick(x * 2), undefined] }
  eq([fns.list[0]?.(4), fns.list[1]?.(arg('s7')), fns.list[2]?.()], [8, undefined, undefined], 'optional calls on array elements')
  let counter = 0
  const inc = () => ++counter
  none?.[inc()]
  none?.x[inc()]
  o.nothing?.[inc()].y
  eq(counter, 0, 'no side effects when short-circuited')
  o?.[inc()]
  eq(counter, 1, 'side effect when not short-circuited')
  eq(delete none?.a, true, 'delete through a short-circuited chain')
  const obj2: any = { a: { b: 1 } }
  eq([delete obj2?.a.b, obj2.a], [true, {}], 'delete through an optional chain')
  eq(o?.b?.c?.(arg(9)), 'b.c(9)', 'all optional')
  const tagged = (s: TemplateStringsArray) => s.raw[0]
  eq(o.fn?.(tagged`t\n${arg(10)}`), 'fn:t\\n', 'tagged template as optional-call argument')
  const maybeHidden: any = counter > 0 ? tick : undefined
  eq([maybeHidden?.('via optional hidden'), (undefined as any)?.(tick('never'))], ['via optional hidden', undefined], 'hidden function through optional call')
  return trace
}
