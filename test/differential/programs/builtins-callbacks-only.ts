// A call site whose arguments are functions without twins (and literals) skips the green versions of
// built-ins that matter only through their function arguments, `xs.map((x) => x.id)` (emit-calls.ts).
// This program tries to make that skip wrong: methods of its own named like the built-ins (`map`,
// `forEach`, `reduce`, `from`) that suspend whatever they are given; `call` and `apply` of a suspending
// function with such arguments (their green versions depend on the function, not the arguments); a
// built-in moved onto an object of its own; a callback that suspends next to one that does not; a
// callback with a twin next to literals; the built-ins' own results; functions of its own that carry the
// built-in's mark without being the built-in (inherited through their prototype, or copied with its
// descriptors: the mark holds the built-in itself). Every hidden call must suspend.
import { hidden, isGreen } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'load' })

/** Named like the array methods; each suspends itself, whatever callback it gets. */
class Store {
  constructor(readonly rows: number[]) {}
  map<T>(fn: (x: number) => T): T[] { const out: T[] = []; for (const row of this.rows) out.push(fn(load(row))); return out }
  forEach(fn: (x: number) => void): void { for (const row of this.rows) fn(load(row)) }
  reduce(fn: (a: number, b: number) => number, start: number): number { let acc = load(start); for (const row of this.rows) acc = fn(acc, row); return acc }
}
const Rows = { from: (n: number, fn: (i: number) => number) => Array.from({ length: load(n) }, (_, i) => fn(i)) }
function twice(fn: () => number, k: number): number { return load(fn()) + load(fn()) * k }
const literalObject = { map: function (this: unknown, fn: (x: string) => string) { return [fn(load('own map'))] } }
const borrowed = { length: 2, 0: 'b', 1: 'c', forEach: Array.prototype.forEach }
/** Suspending `map`s that carry the built-in `map`'s mark: one inherits it, one has a copy of it. */
function inheritsMark(this: { rows: number[] }, fn: (x: number) => number): number[] { const out: number[] = []; for (const row of this.rows) out.push(fn(load(row))); return out }
Object.setPrototypeOf(inheritsMark, Array.prototype.map)
function copiesMark(this: { rows: number[] }, fn: (x: number) => number): number[] { const out: number[] = []; for (const row of this.rows) out.push(fn(load(row))); return out }
// Every own property of the built-in but the one that holds a twin (this function keeps its own).
const mapProperties: Record<PropertyKey, PropertyDescriptor> = Object.getOwnPropertyDescriptors(Array.prototype.map)
delete mapProperties[Symbol.for('greenhack.twin')]
Object.defineProperties(copiesMark, mapProperties)

export default function main(): unknown {
  const store = new Store([1, 2, 3])
  eq(store.map((x) => x * 10), [10, 20, 30], 'an own map method suspends with a twinless callback')
  const seen: number[] = []
  store.forEach((x) => { seen.push(x) })
  eq(seen, [1, 2, 3], 'an own forEach')
  eq(store.reduce((a, b) => a + b, 100), 106, 'an own reduce with a literal')
  eq(Rows.from(3, (i) => i * i), [0, 1, 4], 'an own from')
  eq(literalObject.map((x) => `${x}!`), ['own map!'], 'a method of an object literal')
  eq(twice.call(null, () => 2, 3), 8, 'call of a suspending function with twinless arguments')
  eq(twice.apply(undefined, [() => 4, 1]), 8, 'apply of a suspending function')
  eq(Reflect.apply(twice, undefined, [() => 1, 1]), 2, 'Reflect.apply of a suspending function')
  const joined: string[] = []
  borrowed.forEach((x: string) => { joined.push(x) })
  eq(joined, ['b', 'c'], 'a built-in moved onto an object')
  eq({ rows: [4, 5], map: inheritsMark }.map((x) => x + 1), [5, 6], 'a map whose prototype is the built-in map')
  eq({ rows: [6], map: copiesMark }.map((x) => x + 1), [7], 'a map with the built-in map\'s own properties copied')
  eq({ 0: 1, 1: 2, length: 2, map: new Proxy(Array.prototype.map, {}) }.map((x: number) => x * 3), [3, 6], 'the built-in map behind a Proxy')
  // The built-ins themselves, skipped: same results.
  const xs = [3, 1, 2]
  eq(xs.map((x) => x * 2), [6, 2, 4], 'map')
  eq(xs.filter((x) => x > 1), [3, 2], 'filter')
  eq(xs.reduce((a, b) => a + b, 0), 6, 'reduce')
  eq(xs.find((x) => x < 3), 1, 'find')
  eq(Array.from('ab', (c) => c.toUpperCase()), ['A', 'B'], 'Array.from')
  eq([...new Set([1, 2])].map((x) => x), [1, 2], 'spread then map')
  const m = new Map([['k', 1]]); const keys: string[] = []
  m.forEach((_v, k) => { keys.push(k) })
  eq(keys, ['k'], 'Map forEach')
  // Next to a callback that suspends, the green versions still run.
  eq(xs.map((x) => load(x) + 1), [4, 2, 3], 'a suspending callback')
  eq(xs.map((x) => x).map((x) => load(x) * 2), [6, 2, 4], 'a chain: the second callback suspends')
  eq(xs.reduce((a, b) => a + load(b), 0), 6, 'reduce with a suspending callback')
  // A twinless arrow that is not the callback (here `thisArg`) does not make the site skip.
  const suspendingDouble = (x: number): number => load(x) * 2
  eq(xs.map(suspendingDouble, () => 'this'), [6, 2, 4], 'a suspending callback by name, an arrow as thisArg')
  // In a task every hidden call above suspends: none fell back to its sync implementation.
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return [seen, joined, keys]
}
