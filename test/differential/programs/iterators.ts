// The iteration protocol with user-written iterators (classes with next/return/throw, and objects whose
// [Symbol.iterator] is a plain method): for-of, spread, destructuring, Array.from, yield* and Promise-free
// consumers, return() on early exit and on a throw in the loop body, iterators whose next() makes
// hidden calls, infinite iterators cut short, and errors thrown by next() itself.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 11 }  // 11 = 6 (spread and destructuring) + 2 (yield*) + 1 (Map constructor) + 2 (Array.from without a green map function: docs/unsupported.md), annotated below
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
class Countdown implements Iterator<number> {
  closed = 0
  constructor(private n: number, private name: string) {}
  [Symbol.iterator]() { return this }
  next(): IteratorResult<number> {
    const n = this.n--
    log(`${this.name}.next -> ${n}`)
    return n > 0 ? { value: tick(n), done: false } : { value: undefined, done: true }
  }
  return(): IteratorResult<number> { this.closed++; log(`${this.name}.return`); return { value: undefined, done: true } }
}
class Failing implements Iterator<number> {
  i = 0;
  [Symbol.iterator]() { return this }
  next(): IteratorResult<number> { if (++this.i > 2) throw new RangeError('next failed at ' + this.i); return { value: this.i, done: false } }
  return(): IteratorResult<number> { log('Failing.return (must not run when next throws)'); return { value: undefined, done: true } }
}
/** Counts up from 1; its return() makes a hidden call. */
class Closing implements Iterator<number> {
  i = 0
  closed = 0
  constructor(private name: string) {}
  [Symbol.iterator]() { return this }
  next(): IteratorResult<number> { this.i++; log(`${this.name}.next -> ${this.i}`); return { value: this.i, done: false } }
  return(): IteratorResult<number> { this.closed += tick(1); log(`${this.name}.return`); return { value: undefined, done: true } }
}
const naturals = { [Symbol.iterator]() { let i = 0; return { next: () => ({ value: i++, done: false }) } } }

export default function main(): unknown {
  const a: number[] = []
  for (const v of new Countdown(3, 'full')) a.push(v)
  eq(a, [3, 2, 1], 'for-of to the end (no return)')
  const brk = new Countdown(5, 'brk')
  for (const v of brk) if (tick(v) === 4) break
  eq(brk.closed, 1, 'return() on break')
  const thr = new Countdown(5, 'thr')
  eq(caught(() => { for (const v of thr) if (v === 4) throw new Error('body threw') }), 'Error: body threw', 'throw in the body')
  eq(thr.closed, 1, 'return() on throw')
  const ret = new Countdown(5, 'ret')
  const first = (() => { for (const v of ret) return tick(v) })()
  eq([first, ret.closed], [5, 1], 'return() on return')
  // sync fallback ×2: next() driven by spread, once per value
  eq([...new Countdown(2, 'spread')], [2, 1], 'spread')
  const dc = new Countdown(9, 'destructure')
  // sync fallback ×2: next() driven by array destructuring, once per element
  const [x, y] = dc
  eq([x, y, dc.closed], [9, 8, 1], 'destructuring closes')
  const dc2 = new Countdown(2, 'destructure-all')
  // sync fallback ×2: next() driven by array destructuring, once per value
  const [p, q, r] = dc2
  eq([p, q, r, dc2.closed], [2, 1, undefined, 0], 'exhausted by destructuring: no return()')
  // With a map function that has a twin, Array.from's green version runs next() and return() through theirs.
  eq(Array.from(new Countdown(3, 'from'), (v) => tick(v) * 10), [30, 20, 10], 'Array.from with map fn')
  const closing = new Closing('from-throw')
  eq(caught(() => Array.from(closing, (v) => { if (v > 1) throw new Error('stop at ' + v); return tick(v) })), 'Error: stop at 2', 'Array.from: the map function throws')
  eq(closing.closed, 1, 'Array.from: return() ran once, after the map function threw')
  // sync fallback ×2: Array.from without a map function is the built-in, which calls next() plainly (docs/unsupported.md), once per value
  eq(Array.from(new Countdown(2, 'from-plain')), [2, 1], 'Array.from without map fn')
  // sync fallback ×2: next() driven by yield* in a user generator, once per value
  function* wrap() { const r2 = yield* new Countdown(2, 'delegate'); return r2 }
  eq([...wrap()], [2, 1], 'yield* over a user iterator')
  eq(caught(() => { for (const _ of new Failing()) tick(_) }), 'RangeError: next failed at 3', 'next() throwing')
  const firstFive: number[] = []
  for (const n of naturals) { if (firstFive.length === 5) break; firstFive.push(tick(n)) }
  eq(firstFive, [0, 1, 2, 3, 4], 'infinite iterator without return()')
  const src = new Countdown(2, 'map-src')
  // sync fallback ×1: next() called by the Map constructor (no green version)
  eq(caught(() => new Map(src as any)), 'TypeError: Iterator value 2 is not an entry object', 'Map from non-entries')
  eq(src.closed, 1, 'the Map constructor closed the iterator')
  return trace
}
