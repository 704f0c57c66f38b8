// Callbacks through Array methods (map, forEach, filter, reduce, reduceRight, some, every, find, findIndex,
// findLast, findLastIndex, flatMap, sort, toSorted, Array.from with a map function) with hidden calls inside
// the callbacks: the arguments each callback gets, holes in sparse arrays (skipped by some methods, visited
// by others), mutation during iteration, thisArg, early exit, and exceptions thrown out of callbacks.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 23 }  // 23 = 20 (sort/toSorted comparators) + 3 (typed array map), annotated below
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
const visits: string[] = []
const visit = (name: string, i: number) => { visits.push(`${name}@${i}`) }
// eslint-disable-next-line no-sparse-arrays
const sparse = () => [1, , 3, , 5]

export default function main(): unknown {
  const xs = [3, 1, 2]
  eq(xs.map((x, i, arr) => tick(x) * 10 + i + (arr === xs ? 0 : 100)), [30, 11, 22], 'map args')
  const fe: unknown[] = []
  xs.forEach(function (this: any, x) { fe.push(this.k + tick(x)) }, { k: 'k' })
  eq(fe, ['k3', 'k1', 'k2'], 'forEach with thisArg')
  eq(xs.filter((x) => tick(x) > 1), [3, 2], 'filter')
  eq(xs.reduce((acc, x, i) => acc + tick(x) * i, 100), 105, 'reduce with initial')
  eq(xs.reduce((acc, x) => tick(acc) + x), 6, 'reduce without initial')
  eq(xs.reduceRight((acc: string, x) => acc + tick(x), ''), '213', 'reduceRight')
  eq(caught(() => [].reduce((a: unknown) => a)), 'TypeError: Reduce of empty array with no initial value', 'reduce of empty array')
  eq([xs.some((x) => { visit('some', x); return tick(x) === 1 }), xs.every((x) => { visit('every', x); return tick(x) > 1 })], [true, false], 'some/every early exit')
  eq([xs.find((x) => tick(x) < 3), xs.findIndex((x) => tick(x) === 2), xs.findLast((x) => tick(x) > 1), xs.findLastIndex((x) => tick(x) > 5)], [1, 2, 2, -1], 'find family')
  eq(xs.flatMap((x) => (tick(x) > 1 ? [x, [x]] : [])), [3, [3], 2, [2]], 'flatMap flattens one level')
  // sync fallback ×8: Array.prototype.sort's comparator (no green version): 4 comparator calls × 2 ticks
  eq([...xs].sort((a, b) => tick(a) - tick(b)), [1, 2, 3], 'sort with hidden calls in the comparator')
  // sync fallback ×4: Array.prototype.toSorted's comparator (no green version), once per comparator call
  eq(xs.toSorted((a, b) => tick(b) - a), [3, 2, 1], 'toSorted')
  eq(xs, [3, 1, 2], 'original untouched')
  const people = [{ n: 'b', age: 30 }, { n: 'a', age: 30 }, { n: 'c', age: 20 }, { n: 'd', age: 30 }]
  // sync fallback ×6: Array.prototype.sort's comparator (no green version), once per comparator call
  eq(people.slice().sort((p, q) => tick(p.age) - q.age).map((p) => p.n), ['c', 'b', 'a', 'd'], 'sort is stable')
  eq(Array.from({ length: 3 }, (_, i) => tick(i * i)), [0, 1, 4], 'Array.from with map fn')
  eq(Array.from(new Set(['x', 'y']), function (this: any, v, i) { return this.p + v + i + tick('') }, { p: '>' }), ['>x0', '>y1'], 'Array.from map fn with thisArg')
  eq(Array.from('ab', (c) => tick(c.toUpperCase())), ['A', 'B'], 'Array.from string')

  // Holes: forEach/map/filter/some/every/reduce skip them; find/findIndex/Array.from visit them.
  const seenForEach: number[] = []
  sparse().forEach((_, i) => seenForEach.push(tick(i)))
  eq(seenForEach, [0, 2, 4], 'forEach skips holes')
  const mapped = sparse().map((x) => tick(x) * 2)
  eq([mapped.length, 1 in mapped, mapped[2]], [5, false, 6], 'map keeps holes')
  eq(sparse().filter(() => tick(true)), [1, 3, 5], 'filter drops holes')
  eq(sparse().reduce((a: number, x) => a + tick(x)!, 0), 9, 'reduce skips holes')
  const findIdx: number[] = []
  sparse().find((_, i) => { findIdx.push(tick(i)); return false })
  eq(findIdx, [0, 1, 2, 3, 4], 'find visits holes')
  eq(Array.from(sparse(), (x) => tick(x) ?? 'hole'), [1, 'hole', 3, 'hole', 5], 'Array.from visits holes')
  eq(sparse().flatMap((x) => [tick(x)]), [1, 3, 5], 'flatMap skips holes')
  // sync fallback ×2: Array.prototype.sort's comparator (no green version), once per comparator call
  const sortedSparse = sparse().sort((a, b) => tick(b)! - a!)
  eq([sortedSparse.length, sortedSparse.slice(0, 3), 3 in sortedSparse], [5, [5, 3, 1], false], 'sort moves holes to the end')

  // Mutation during iteration: the length is fixed at the start, later values are read live.
  const grow = [1, 2, 3]
  const grownSeen: number[] = []
  grow.forEach((x, i) => { if (i === 0) { grow.push(99); grow[2] = 30 } grownSeen.push(tick(x)) })
  eq([grownSeen, grow.length], [[1, 2, 30], 4], 'forEach: pushed elements not visited, later changes seen')
  const shrink = [1, 2, 3, 4]
  const shrinkSeen: number[] = []
  shrink.forEach((x) => { shrinkSeen.push(tick(x)); shrink.shift() })
  eq(shrinkSeen, [1, 3], 'forEach with shift')
  const delSeen: number[] = []
  const del = [1, 2, 3]
  del.map((x, i) => { if (i === 0) delete del[1]; delSeen.push(tick(x)); return x })
  eq(delSeen, [1, 3], 'deleted element skipped')

  // Exceptions out of callbacks propagate through the native loop and stop it.
  const partial: number[] = []
  eq(caught(() => xs.map((x) => { partial.push(tick(x)); if (x === 1) throw new RangeError('stop at 1'); return x })), 'RangeError: stop at 1', 'throw from map callback')
  eq(partial, [3, 1], 'map stopped')
  eq(caught(() => xs.sort(() => { throw new Error('cmp') })), 'Error: cmp', 'throw from comparator')
  eq(caught(() => xs.map(undefined as any)), 'TypeError: undefined is not a function', 'map without callback')
  const nonCallable = caught(() => xs.forEach({} as any)) // the wording differs between Node versions
  log(nonCallable)
  eq(/^TypeError: .* is not a function$/.test(nonCallable), true, 'forEach with non-callable')
  // Nested callbacks with hidden calls at each level.
  const matrix = [[1, 2], [3]].map((row, r) => row.map((v) => tick(v) + r * 10).filter((v) => tick(v) % 2 === 1))
  eq(matrix, [[1], [13]], 'nested callbacks')
  // Typed arrays and array-likes through Array.prototype methods.
  // sync fallback ×3: TypedArray.prototype.map's callback (no green version), once per element
  eq(Array.from(new Uint8Array([1, 2, 250]).map((x) => tick(x) + 10)), [11, 12, 4], 'typed array map wraps')
  eq(Array.prototype.map.call('abc', (c: string) => tick(c) + c), ['aa', 'bb', 'cc'], 'generic map on a string')
  eq(Array.prototype.filter.call({ length: 3, 0: 'a', 2: 'c' }, () => tick(true)), ['a', 'c'], 'generic filter on an array-like')
  eq([[1, [2, [3]]].flat(Infinity), xs.includes(tick(2)), xs.indexOf(tick(2))], [[1, 2, 3], true, 2], 'non-callback methods')
  log(visits)
  return trace
}
