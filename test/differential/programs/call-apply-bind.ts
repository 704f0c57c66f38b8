// Function.prototype.call/apply/bind and Reflect.apply/construct: explicit this, partial application, bound
// functions (name, length, new on bound, bind of bind), apply with arguments objects and array-likes,
// hidden functions called through call/apply/bind, and call/apply of suspending functions.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 12 }  // 12 = 9 (bound functions) + 2 (constructor) + 1 (bound hidden function), annotated below
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
function describe(this: any, a: unknown, b: unknown, c?: unknown) { return [this?.name ?? String(this), tick(a), b, c, arguments.length] }
function Person(this: any, first: string, last: string) { this.full = tick(first) + ' ' + last }
const me = { name: 'me' }

export default function main(): unknown {
  eq(describe.call(me, 1, 2), ['me', 1, 2, undefined, 2], 'call')
  eq(describe.apply(me, [1, 2, 3] as any), ['me', 1, 2, 3, 3], 'apply')
  eq(describe.apply(undefined, { length: 2, 0: 'x', 1: 'y' } as any), ['undefined', 'x', 'y', undefined, 2], 'apply with an array-like')
  eq(describe.apply(me, undefined as any), ['me', undefined, undefined, undefined, 0], 'apply with no args')
  eq(describe.call(tick(7) as any, 'a', 'b'), ['7', 'a', 'b', undefined, 2], 'primitive this through call')
  const bound = describe.bind(me, 'p1')
  // sync fallback ×1: describe called through a bound function (native, no twin)
  eq(bound('p2'), ['me', 'p1', 'p2', undefined, 2], 'bound with partial')
  // sync fallback ×1: describe called through a bound function (native, no twin)
  eq(bound.call({ name: 'ignored' }, 'p2', 'p3'), ['me', 'p1', 'p2', 'p3', 3], 'bound this cannot be overridden')
  eq([bound.name, bound.length, describe.length], ['bound describe', 2, 3], 'bound name and length')
  const bb = bound.bind(null, 'q')
  // sync fallback ×1: describe called through a bound function (native, no twin)
  eq([bb(), bb.name, bb.length], [['me', 'p1', 'q', undefined, 2], 'bound bound describe', 1], 'bind of bind')
  const BoundPerson = (Person as any).bind({ ignored: true }, 'Ada')
  // sync fallback ×1: Person's constructor frame (new on a bound function)
  const ada = new BoundPerson('Lovelace')
  eq([ada.full, ada instanceof Person, ada instanceof BoundPerson], ['Ada Lovelace', true, true], 'new on bound function ignores bound this')
  eq('prototype' in BoundPerson, false, 'bound function has no prototype')
  eq(Reflect.apply(describe, me, ['r1', 'r2']), ['me', 'r1', 'r2', undefined, 2], 'Reflect.apply')
  // sync fallback ×1: Person's constructor frame (Reflect.construct)
  eq(Reflect.construct(Person, ['Grace', 'Hopper']).full, 'Grace Hopper', 'Reflect.construct')
  eq(Function.prototype.call.call(describe, me, 'cc', 'dd'), ['me', 'cc', 'dd', undefined, 2], 'call.call')
  eq(Function.prototype.apply.call(describe, me, ['ac', 'ad']), ['me', 'ac', 'ad', undefined, 2], 'apply.call')
  const callBound = Function.prototype.call.bind(describe)
  // sync fallback ×1: describe called through call.bind(describe), a bound function (native, no twin)
  eq(callBound(me, 'cb', 'cb2'), ['me', 'cb', 'cb2', undefined, 2], 'call.bind (uncurry this)')
  // sync fallback ×1: tick.bind(...)(): a bound function (native, no twin) runs the hidden call plainly
  eq([tick.call(null, 'hc'), tick.apply(null, ['ha']), tick.bind(null, 'hb')(), Reflect.apply(tick, null, ['hr'])], ['hc', 'ha', 'hb', 'hr'], 'hidden function through call/apply/bind')
  const slice = Array.prototype.slice
  function argsToArray() { return slice.call(arguments, 1).map((x) => tick(x)) }
  eq(argsToArray(1, 2, 3), [2, 3], 'borrowed slice on arguments')
  const arrow = (..._: unknown[]) => typeof this
  eq([arrow.call(me), arrow.apply(me, []), arrow.bind(me)()], ['undefined', 'undefined', 'undefined'], 'arrows ignore explicit this')
  const methodHolder = { v: 'holder', get() { return tick(this.v) } }
  const detached = methodHolder.get.bind(methodHolder)
  // sync fallback ×3: methodHolder.get through a bound function (native, no twin): once directly, twice as map's callback
  eq([detached(), [1, 2].map(detached as any)], ['holder', ['holder', 'holder']], 'bound method as callback')
  // `f.call.call(nonFunction)` names greenhack's frame in its message inside a task: see
  // docs/unsupported.md and test/core/documented-differences.test.ts.
  eq(caught(() => describe.call.call(1 as any)).startsWith('TypeError: '), true, 'call of a non-function')
  eq(caught(() => Function.prototype.apply.call(describe, me, 1 as any)), 'TypeError: CreateListFromArrayLike called on non-object', 'apply with a non-object list')
  eq(caught(() => (undefined as any).call()), "TypeError: Cannot read properties of undefined (reading 'call')", 'call on undefined')
  // sync fallback ×2: describe through the bound functions bound and bb (native, no twin)
  log([bound('z'), bb(), describe.call(me, 'end', tick('end2'))])
  return trace
}
