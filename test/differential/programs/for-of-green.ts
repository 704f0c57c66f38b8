// for…of over iterators whose next() and return() make hidden calls: inside a task the loop is written
// out so that next() and return() suspend. Everything the language does must stay: when next and
// return are called, labels, break/continue, throw, per-iteration bindings, destructuring targets,
// errors from next (no close), from the body (close, the body's error wins), non-iterables, bad results.
import { hidden } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
const log = (x: unknown): void => { trace.push(x) }
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'load' })
const caught = (f: () => unknown): string => { try { return JSON.stringify(f()) } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` } }

class Counter {
  n = 0
  constructor(readonly name: string, readonly max: number, readonly failAt = -1) {}
  [Symbol.iterator]() { log(`${this.name}.iterator`); return this }
  next() {
    const v = load(this.n++)
    log(`${this.name}.next ${v}`)
    if (v === this.failAt) throw new Error(`${this.name} next failed`)
    return v < this.max ? { value: v, done: false } : { value: undefined, done: true }
  }
  return() { log(`${this.name}.return ${load('r')}`); return { done: true, value: undefined } }
}

export default function main(): unknown {
  const out: unknown[] = []
  for (const x of new Counter('a', 3)) out.push(x)
  outer: for (const x of new Counter('b', 5)) {
    for (const y of [1, 2]) {
      if (x === 1) continue outer
      if (x === 3) break outer
      out.push([x, y])
    }
  }
  eq(caught(() => { for (const x of new Counter('c', 5)) if (x === 2) throw new Error('body failed') }), 'Error: body failed', 'body error, iterator closed')
  eq(caught(() => { for (const _ of new Counter('d', 5, 1)) out.push('d') }), 'Error: d next failed', 'next error, iterator not closed')
  function firstOver(limit: number): number | undefined { for (const x of new Counter('e', 9)) if (x > limit) return x; return undefined }
  eq(firstOver(2), 3, 'return from inside the loop closes the iterator')
  const fns: (() => number)[] = []
  for (const x of [10, 20]) fns.push(() => x)
  eq(fns.map((f) => f()), [10, 20], 'a fresh binding per iteration')
  let a = 0, b = 0
  for ([a, b] of [[1, 2], [3, 4]]) out.push(a + b)
  const target: Record<string, number> = {}
  for (target.k of [load(5), 6]) out.push(target.k)
  for (const [k, v] of new Map([['k', load(7)]])) out.push(k + v)
  for (const { p = load('default') } of [{}, { p: 'given' }]) out.push(p)
  let count = 0
  for (const _ of 'ab') count++
  eq(count, 2, 'strings iterate')
  eq(caught(() => { for (const _ of (5 as any)) { /* none */ } }), 'TypeError: 5 is not iterable', 'a number is not iterable')
  const notIterable = {}
  eq(caught(() => { for (const _ of (notIterable as any)) { /* none */ } }), 'TypeError: notIterable is not iterable', 'an object is not iterable')
  const badResult = { [Symbol.iterator]: () => ({ next: () => 42 }) }
  eq(caught(() => { for (const _ of (badResult as any)) { /* none */ } }), 'TypeError: Iterator result 42 is not an object', 'next must return an object')
  const throwingReturn = { [Symbol.iterator]: () => ({ next: () => ({ value: 1, done: false }), return: () => { throw new Error('return failed') } }) }
  eq(caught(() => { for (const _ of throwingReturn) throw new Error('body wins') }), 'Error: body wins', 'the body error wins over return()')
  eq(caught(() => { for (const _ of throwingReturn) break }), 'Error: return failed', 'after break, a return() error is thrown')
  log(out)
  return trace
}
