// Generators and async functions inside green scope keep their behaviour: lazy bodies, return()/throw(),
// yield* delegation, finally on early exit, generator methods; async functions, async arrows and methods,
// async generators with for-await, hidden calls from async code through `.async`, and sync-style hidden calls
// inside generator and async bodies (which cannot suspend, so they run the sync implementation).
// main() finishes its synchronous part first, then returns a promise for the asynchronous part.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 28 }  // 28 = 17 (generator bodies) + 11 (async function bodies), annotated below
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
function* counter(limit: number) {
  log('counter body starts')
  try {
    for (let i = 0; i < limit; i++) {
      // sync fallback ×10: a generator body (once per value: g.next() ×2, delegating() twice ×2 each, destructuring ×2, the for-of in main ×2)
      const got: unknown = yield tick(i)
      if (got !== undefined) log(`counter got ${String(got)}`)
    }
    return 'counter done'
  } finally {
    log('counter finally')
  }
}
function* delegating() {
  const r = yield* counter(2)
  // sync fallback ×2: a generator body (delegating() runs twice)
  yield* [tick('x'), 'y']
  yield* 'ab'
  return r
}
function* thrower() {
  try { yield 1; yield 2 } catch (e) { log('caught in generator: ' + (e as Error).message); yield 'recovered' }
  // sync fallback ×1: a generator body
  yield tick('after')
}
const genExpr = function* (this: any) { yield this?.v ?? 'no this'; yield arguments.length }
class Tree {
  constructor(public value: number, public kids: Tree[] = []) {}
  // sync fallback ×4: a generator method's body, once per tree node (spread drives it)
  *[Symbol.iterator](): Generator<number> { yield tick(this.value); for (const k of this.kids) yield* k }
  *walk(depth = 0): Generator<string> { yield `${depth}:${this.value}`; for (const k of this.kids) yield* k.walk(depth + 1) }
}
function* infinite() { let i = 0; while (true) yield i++ }
function take<T>(n: number, it: Iterable<T>) {
  const out: T[] = []
  for (const v of it) { if (out.length >= n) break; out.push(v) }
  return out
}

async function fetchish(x: number) {
  // sync fallback ×5: an async function body (its part before the first await), once per fetchish call
  log(`fetchish(${x}) start, sync part ${tick(x)}`)
  const v = await tick.async(x * 2)
  log(`fetchish(${x}) resumed with ${v}`)
  // sync fallback ×5: an async function body after an await (outside any task), once per fetchish call
  return v + tick(1)
}
const asyncArrow = async (xs: number[]) => {
  let total = 0
  for (const x of xs) total += await fetchish(x)
  return total
}
class Service {
  calls = 0
  async get(k: string) { this.calls++; const v = await tick.async(k); return `${v}:${this.calls}` }
  async failing() { await tick.async(null); throw new TypeError('service failed') }
  async *stream(n: number) { for (let i = 0; i < n; i++) yield await tick.async(i) }
}
async function asyncPart(): Promise<unknown> {
  eq(await fetchish(1), 3, 'async function with hidden calls')
  eq(await asyncArrow([1, 2]), 8, 'async arrow awaiting async function')
  const svc = new Service()
  eq(await Promise.all([svc.get('a'), svc.get('b')]), ['a:2', 'b:2'], 'concurrent async methods')
  try { await svc.failing(); log('not reached') } catch (e) { eq(`${(e as Error).constructor.name}: ${(e as Error).message}`, 'TypeError: service failed', 'async rejection caught') }
  const got: number[] = []
  for await (const v of svc.stream(3)) got.push(v)
  eq(got, [0, 1, 2], 'async generator')
  const path = await import('node:path')
  // sync fallback ×1: an async function body (asyncPart, after an await)
  eq(path.basename(tick('/a/b.c')), 'b.c', 'dynamic import() from async code')
  const settled = await Promise.allSettled([fetchish(5), svc.failing()])
  eq(settled.map((s) => s.status), ['fulfilled', 'rejected'], 'allSettled')
  return trace
}

export default function main(): unknown {
  const g = counter(3)
  log('generator created, body not started')
  eq(g.next(), { value: 0, done: false }, 'first next starts the body')
  eq(g.next('hello'), { value: 1, done: false }, 'value sent in')
  eq(g.return('early'), { value: 'early', done: true }, 'return() runs finally')
  eq(g.next(), { value: undefined, done: true }, 'finished')
  eq([...delegating()], [0, 1, 'x', 'y', 'a', 'b'], 'yield* delegation')
  const d = delegating()
  let step = d.next()
  while (!step.done) step = d.next()
  eq(step.value, 'counter done', 'yield* result')
  const t = thrower()
  eq([t.next().value, t.throw(new Error('boom')).value, t.next().value, t.next().done], [1, 'recovered', 'after', true], 'throw() into generator')
  const t2 = thrower()
  let caughtOutside = ''
  try { t2.throw(new Error('not started')) } catch (e) { caughtOutside = (e as Error).message }
  eq(caughtOutside, 'not started', 'throw() before start does not enter try')
  eq([...genExpr.call({ v: 'V' }, 1, 2)], ['V', 2], 'this and arguments in generator expression')
  const tree = new Tree(1, [new Tree(2, [new Tree(3)]), new Tree(4)])
  eq([...tree], [1, 2, 3, 4], 'recursive generator method')
  eq([...tree.walk()], ['0:1', '1:2', '2:3', '1:4'], 'generator method with default param')
  eq(take(5, infinite()), [0, 1, 2, 3, 4], 'break out of an infinite generator')
  const [a, b] = counter(10)
  eq([a, b], [0, 1], 'destructuring stops the generator (finally logged)')
  eq(Object.prototype.toString.call(counter(0)), '[object Generator]', 'generator object kind')
  // The task suspends while generators are paused mid-iteration.
  const paused: unknown[] = []
  for (const v of counter(2)) paused.push(tick(v), tick('between'))
  const gen2 = tree.walk()
  paused.push(gen2.next().value, tick('suspended with a paused generator'), gen2.next().value)
  eq(paused, [0, 'between', 1, 'between', '0:1', 'suspended with a paused generator', '1:2'], 'suspending around paused generators')
  // No suspension after this point: fetchish(0) leaves async work pending.
  eq(typeof (fetchish as any)(0).then, 'function', 'async function returns a promise')
  log('sync part done')
  return asyncPart()
}
