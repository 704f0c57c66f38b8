// Higher-order code: compose/pipe, currying, memoisation, functions returning functions, callbacks
// stored and invoked later, a user-land event emitter whose listeners make hidden calls (and remove
// themselves while it iterates), Node's EventEmitter (a native-ish dispatcher), retry and middleware
// chains built from closures, and a fixed-point combinator.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 3 }  // 3 = 3 (node:events listeners), annotated below
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
import { EventEmitter } from 'node:events'

const compose = <T>(...fs: ((x: T) => T)[]) => (x: T) => fs.reduceRight((acc, f) => f(acc), x)
const pipe = <T>(...fs: ((x: T) => T)[]) => (x: T) => fs.reduce((acc, f) => f(acc), x)
const curry = (f: (...a: number[]) => number) => {
  const go = (...got: number[]): any => (got.length >= f.length ? f(...got) : (...more: number[]) => go(...got, ...more))
  return go
}
function memoize<A, R>(f: (a: A) => R) {
  const cache = new Map<A, R>()
  return (a: A) => { if (!cache.has(a)) cache.set(a, f(a)); return cache.get(a)! }
}
class Emitter {
  #listeners = new Map<string, ((...a: unknown[]) => void)[]>()
  on(ev: string, f: (...a: unknown[]) => void) { (this.#listeners.get(ev) ?? this.#listeners.set(ev, []).get(ev)!).push(f); return () => this.off(ev, f) }
  off(ev: string, f: (...a: unknown[]) => void) { const l = this.#listeners.get(ev); if (l) l.splice(l.indexOf(f), 1) }
  emit(ev: string, ...args: unknown[]) { for (const f of [...(this.#listeners.get(ev) ?? [])]) f(...args); return this }
}
function retry<T>(times: number, f: (attempt: number) => T): T {
  for (let attempt = 1; ; attempt++) {
    try { return f(attempt) } catch (e) { log(`attempt ${attempt} failed: ${(e as Error).message}`); if (attempt >= times) throw e }
  }
}
type Mw = (ctx: string[], next: () => void) => void
const run = (mws: Mw[], ctx: string[]) => { const dispatch = (i: number): void => { if (i < mws.length) mws[i](ctx, () => dispatch(i + 1)) }; dispatch(0); return ctx }
const fix = <A, R>(f: (self: (a: A) => R) => (a: A) => R): ((a: A) => R) => (a) => f(fix(f))(a)

export default function main(): unknown {
  const inc = (x: number) => tick(x) + 1
  const dbl = (x: number) => tick(x) * 2
  eq([compose(inc, dbl)(5), pipe(inc, dbl)(5)], [11, 12], 'compose and pipe')
  const add3 = curry((a, b, c) => tick(a) + b + c)
  eq([add3(1)(2)(3), add3(1, 2)(3), add3(1)(2, 3), add3(1, 2, 3)], [6, 6, 6, 6], 'currying')
  let computed = 0
  const slowSquare = memoize((n: number) => { computed++; return tick(n * n) })
  eq([slowSquare(4), slowSquare(4), slowSquare(5), computed], [16, 16, 25, 2], 'memoize')
  const adders = [1, 2, 3].map((n) => (x: number) => tick(x) + n)
  eq(adders.map((f) => f(10)), [11, 12, 13], 'functions returning functions')

  const e = new Emitter()
  const got: unknown[] = []
  const offA = e.on('data', (x) => got.push('a' + tick(x)))
  e.on('data', (x) => { got.push('b' + tick(x)); offA() })
  e.on('data', (x) => got.push('c' + x))
  e.emit('data', 1).emit('data', 2)
  eq(got, ['a1', 'b1', 'c1', 'b2', 'c2'], 'user-land emitter with self-removal')

  const ne = new EventEmitter()
  const neGot: unknown[] = []
  // sync fallback ×2: a listener called by node:events (code outside the green scope), once per emit
  ne.on('evt', function (this: unknown, x: number) { neGot.push([this === ne, tick(x)]) })
  // sync fallback ×1: a listener called by node:events (code outside the green scope), first emit only
  ne.once('evt', (x: number) => neGot.push('once ' + tick(x)))
  ne.prependListener('evt', (x: number) => neGot.push('first ' + x))
  ne.emit('evt', 1); ne.emit('evt', 2)
  eq(neGot, ['first 1', [true, 1], 'once 1', 'first 2', [true, 2]], 'node EventEmitter listeners')
  eq([ne.listenerCount('evt'), ne.emit('none')], [2, false], 'listener bookkeeping')

  eq(retry(3, (n) => { if (tick(n) < 3) throw new Error('flaky ' + n); return 'ok on ' + n }), 'ok on 3', 'retry')
  let finalError = ''
  try { retry(2, () => { throw new TypeError(tick('always')) }) } catch (err) { finalError = (err as Error).message }
  eq(finalError, 'always', 'retry gives up')

  const mw: Mw[] = [
    (ctx, next) => { ctx.push('a>' + tick('in')); next(); ctx.push('a<') },
    (ctx, next) => { ctx.push('b>'); if (tick(true)) next(); ctx.push('b<') },
    (ctx) => { ctx.push('handler ' + tick('h')) },
  ]
  eq(run(mw, []), ['a>in', 'b>', 'handler h', 'b<', 'a<'], 'middleware onion')
  const fact = fix<number, number>((self) => (n) => (n <= 1 ? tick(1) : n * self(n - 1)))
  eq(fact(10), 3628800, 'fixed point combinator')
  const later: (() => void)[] = []
  const schedule = (f: () => void) => later.push(f)
  let acc = ''
  for (const w of ['x', 'y']) schedule(() => { acc += tick(w) })
  later.forEach((f) => f())
  eq(acc, 'xy', 'stored callbacks invoked later')
  return trace
}
