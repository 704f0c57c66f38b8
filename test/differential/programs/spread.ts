// Spread in calls, array literals, `new` and object literals: iterables with side effects (evaluation order
// against the other arguments), strings, Sets, Maps, holes, getters in object spread, spread of
// hidden-call results, and the native TypeErrors for non-iterables.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 3 }  // 3 = 2 (constructor) + 1 (getter), annotated below
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
function noisy(name: string, values: unknown[]) {
  return { *[Symbol.iterator]() { log(name + ' start'); for (const v of values) { log(name + ' yields ' + String(v)); yield v } log(name + ' end') } }
}
const arg = (v: unknown) => { log('arg ' + String(v)); return tick(v) }
function collect(...xs: unknown[]) { return xs }
function three(a: unknown, b: unknown, c: unknown) { return [a, b, c, arguments.length] }
// sync fallback ×2: a constructor frame (map's callback inside it), new Box with two items
class Box { items: unknown[]; constructor(...items: unknown[]) { this.items = items.map((x) => tick(x)) } }

export default function main(): unknown {
  eq(collect(arg(1), ...noisy('it', [2, 3]), arg(4)), [1, 2, 3, 4], 'spread evaluated in order with other args')
  eq(three(...[tick(1)]), [1, undefined, undefined, 1], 'short spread')
  eq(three(...'abcd'), ['a', 'b', 'c', 4], 'string spread, extra args counted')
  eq(collect(...new Set([1, 1, 2]), ...new Map([['k', 'v']])), [1, 2, ['k', 'v']], 'set and map')
  eq(collect(...tick([5, 6]), ...[], ...[[7]]), [5, 6, [7]], 'hidden result spread')
  // eslint-disable-next-line no-sparse-arrays
  const holes = [1, , 3]
  eq(collect(...holes).length, 3, 'holes become undefined')
  eq(JSON.stringify([...holes]), '[1,null,3]', 'array spread fills holes')
  eq(Math.max(...[tick(3), 9, 4]), 9, 'spread into native function')
  eq([0, ...noisy('arr', ['x']), ...'yz', tick('w')], [0, 'x', 'y', 'z', 'w'], 'array literal spread')
  const b = new Box(...noisy('ctor', [tick('p'), 'q']))
  eq(b.items, ['p', 'q'], 'spread in new')
  eq(new Date(...([2020, 0, 15] as [number, number, number])).getDate(), 15, 'spread into native constructor')
  // sync fallback ×1: a getter, read by the object spread on the next line
  const source = { get a() { log('get a'); return tick('A') }, b: 2 }
  const merged = { x: 0, ...source, ...null, ...undefined, ...'hi', ...[9], b: 3 }
  eq(merged, { 0: 9, 1: 'i', x: 0, a: 'A', b: 3 }, 'object spread')
  eq(Object.getOwnPropertyDescriptor(merged, 'a')!.get, undefined, 'getter copied as value')
  eq(caught(() => collect(...(1 as any))), 'TypeError: Spread syntax requires ...iterable[Symbol.iterator] to be a function', 'number spread')
  const undefinedSpread = caught(() => [...(undefined as any)])
  log(undefinedSpread)
  eq(undefinedSpread.startsWith('TypeError: undefined is not iterable'), true, 'undefined spread in array')
  eq(caught(() => collect(...({} as any))), 'TypeError: Spread syntax requires ...iterable[Symbol.iterator] to be a function', 'object spread in call')
  const fns = [(x: number) => x + 1, (x: number) => x * 2]
  eq(fns.map((f) => f(...[tick(10)])), [11, 20], 'spread into callbacks')
  const bound = collect.bind(null, ...['b1', 'b2'])
  eq(bound(...['c1']), ['b1', 'b2', 'c1'], 'spread into bind and bound call')
  eq(collect.apply(null, [...noisy('apply', [1])]), [1], 'apply with spread array')
  return trace
}
