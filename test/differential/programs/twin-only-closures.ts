// Closures nested 3–6 deep in functions that suspend: inside a twin these are compiled only as twins
// (docs/code-growth.md), and the function value is a wrapper that drives the twin. Called from green code
// they must suspend; called from code that cannot suspend (native sort, JSON.parse revivers, replace
// callbacks, an EventEmitter, `.then`, `new`) they must behave as the plain original: hidden calls run
// their sync implementation, exceptions, `this`, `arguments`, defaults, `name`, `length`, `prototype` as written.
import { hidden } from 'greenhack'
import { EventEmitter } from 'node:events'

export const expect = { suspends: true, syncInTask: 76 }  // 76 = 54 (sort comparators) + 9 (JSON.parse revivers) + 4 (replace callbacks) + 4 (.then callbacks) + 3 (node:events listeners) + 2 (a parameter default), annotated below (deepest() runs twice)
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

// Green callers: the call sites inside dispatch to twins, so a closure called here can suspend.
function run<T>(f: () => T): T { return f() }
function call2<A, B, R>(f: (a: A, b: B) => R, a: A, b: B): R { return f(a, b) }

class Boom extends Error { constructor(readonly code: number) { super(`boom ${code}`) } }
const describe = (f: Function) => [f.name, f.length, typeof f.prototype]
function caught(f: () => unknown): unknown {
  try { return f() } catch (e) { return e instanceof Boom ? ['Boom', e.code, e.message] : `${(e as Error).constructor.name}: ${(e as Error).message}` }
}

/** Depth 5 and 6 closures, used from green and from native callers. */
function deepest(seed: number, emitter: EventEmitter, later: Promise<unknown>[]) {
  return run(() => tick(run(() => run(() => run(() => run(() => {
    const out: Record<string, unknown> = {}
    // Green callers reach the twin: suspends in a task.
    out.green = run(() => tick(seed) + run(() => tick(1)))
    // sync fallback ×2: a parameter default (yield is not allowed there), once per deepest() call
    out.call2 = call2((a: number, b = tick(5)) => a * 10 + b, seed, undefined)
    // Native sort: the comparator is the wrapper, its hidden calls run sync.
    // sync fallback ×24: Array.prototype.sort's comparator (no green version): 2 ticks per comparator call, over both deepest() calls
    out.sorted = [5, 1, 4, seed].sort((x, y) => tick(x) - tick(y))
    // sync fallback ×8: Array.prototype.sort's comparator (no green version), once per comparator call over both deepest() calls
    out.sortedDesc = [5, 1, 4].sort(function (x, y) { return arguments.length * 100 + tick(y) - x - 200 })
    // JSON.parse reviver: `this` is the holder, arguments as passed.
    // sync fallback ×6: JSON.parse's reviver (no green version): 3 numbers per deepest() call
    out.revived = JSON.parse('{"a":1,"b":[2,3]}', function (this: Record<string, unknown>, key, value) {
      return typeof value === 'number' ? tick(value) * 10 + (Array.isArray(this) ? 1 : 0) + arguments.length * 1000 : value
    })
    // replace callback: many arguments, rest parameter.
    // sync fallback ×4: String.prototype.replace's callback (no green version): 2 matches per deepest() call
    out.replaced = 'a1b22'.replace(/\d+/g, (m, ...rest) => `<${tick(m)}:${rest.length}>`)
    // Array.from mapper and map (green built-ins: these reach the twin).
    out.from = Array.from({ length: 3 }, (_, i) => tick(i) + seed)
    out.mapped = [1, 2].map(function (this: { k: number }, x) { return tick(x) + this.k }, { k: 100 })
    // EventEmitter: untransformed code calls the listener with `this` = the emitter.
    // sync fallback ×2: a listener called by node:events (code outside the green scope), once per emit
    emitter.on('ping', function (this: EventEmitter, n: number) { log(['ping', this === emitter, tick(n) + seed, arguments.length]) })
    // sync fallback ×1: a listener called by node:events, and a parameter default (only the first emit leaves m undefined)
    emitter.on('ping', (n: number, m = tick(7)) => log(['ping-arrow', n, m]))
    // `.then`: called after the task, outside any task.
    // sync fallback ×2: a .then callback, run after the task, outside any task; once per deepest() call
    later.push(Promise.resolve(seed).then((v) => run(() => tick(v) * 2)))
    // sync fallback ×2: a .then callback, run after the task, outside any task; once per deepest() call
    later.push(Promise.resolve(seed).then(function (v) { return [tick(v), typeof this, arguments.length] }))
    // Exceptions pass through the wrapper unchanged, to a native caller and to a green one.
    // sync fallback ×2: Array.prototype.sort's comparator (no green version), which throws on its first call; once per deepest() call
    out.thrownNative = caught(() => [3, 2, 1].sort(() => { throw new Boom(tick(seed)) }))
    out.thrownGreen = caught(() => run(() => { throw new Boom(tick(seed + 1)) }))
    // sync fallback ×2: JSON.parse's reviver (no green version), which throws on its first call; once per deepest() call
    out.thrownReviver = caught(() => JSON.parse('[1]', () => { tick(0); null!.x }))
    // Names and lengths as the language gives them.
    const named = (a: number, b: number) => tick(a + b)
    const fnExpr = function (a: number, b?: number, c = 1) { return tick(a) + (b ?? 0) + c }
    const obj = { key: (x: number) => tick(x), other: function (p: number, q: number, r: number, s: number, t: number) { return tick(p + q + r + s + t) } }
    const restOnly = (...xs: number[]) => tick(xs.length)
    out.names = [describe(named), describe(fnExpr), describe(obj.key), describe(obj.other), describe(restOnly),
      describe(function own(a: number) { return tick(a) }), describe(run(() => (x: number) => tick(x))),
      describe((a: number, b: number, c: number, d: number, e: number, f: number) => tick(a + b + c + d + e + f))]
    out.namedCalls = [named(1, 2), fnExpr(1), fnExpr(1, 2, 3), obj.key(4), obj.other(1, 1, 1, 1, 1), restOnly(1, 2, 3)]
    out.lengthsAfterDelete = (() => { const f = (a: number) => tick(a); delete (f as { name?: string }).name; return [f.name, f.length, Object.keys(f)] })()
    // `this` of arrows is lexical; function expressions get theirs from the call.
    const holder = { v: 9, arrow: () => typeof this, method: function (this: { v: number }) { return tick(this.v) } }
    // sync fallback ×2: Array.prototype.sort's comparator (no green version), one comparator call per deepest() call
    out.thisKinds = [holder.arrow(), holder.method(), [holder].map((h) => h.method())[0], [2, 1].sort(function (this: unknown) { return tick(typeof this === "undefined" ? 0 : 1) })]
    // Used as a constructor: a fresh object from the function's own prototype; an object returned wins.
    const Point = function (this: { x: number }, x: number, step: (n: number) => number) { this.x = step(x) }
    Point.prototype.sum = function (this: { x: number }) { return tick(this.x) + 1 }
    const p = new (Point as unknown as new (x: number, s: (n: number) => number) => { x: number; sum(): number })(4, (n) => n * 2)
    const Returns = function (step: (n: number) => number) { return { made: step(1) } }
    out.constructed = [p.x, p instanceof (Point as unknown as Function), p.sum(), Object.getPrototypeOf(p) === Point.prototype,
      new (Returns as unknown as new (s: (n: number) => number) => { made: number })((n) => n + 1)]
    out.arrowNotConstructible = caught(() => new (named as unknown as new () => unknown)())
    // Six deep: a closure made here, stored, and called later from green and native callers.
    out.six = run(() => {
      const inner = (k: number) => tick(k) + seed
      // sync fallback ×16: Array.prototype.sort's comparator (no green version) calls inner twice per comparator call, over both deepest() calls
      return [run(() => inner(1)), [2, 1].map(inner), [3, 1, 2].sort((a, b) => inner(a) - inner(b))]
    })
    return out
  }))))))
}

/** Depth 3: a closure returned out of the function and called later by the caller (green) and natively. */
function makeAdders(base: number) {
  return run(() => run(() => {
    const add = (x: number) => tick(x) + base
    const addFn = function (this: unknown, x: number) { return [tick(x) + base, arguments.length] }
    return { add, addFn }
  }))
}

export default function main(): unknown {
  const emitter = new EventEmitter()
  const later: Promise<unknown>[] = []
  const first = deepest(3, emitter, later)
  const again = deepest(4, new EventEmitter(), later)
  emitter.emit('ping', 10)
  emitter.emit('ping', 11, 12)
  eq(trace, [['ping', true, 13, 1], ['ping-arrow', 10, 7], ['ping', true, 14, 2], ['ping-arrow', 11, 12]], 'emitter listeners')
  const { add, addFn } = makeAdders(100)
  // sync fallback ×3: Array.prototype.sort's comparator (×2: one comparator call, add twice) and JSON.parse's reviver on the next line (×1)
  const adders = [add(1), [5, 6].map(add), ['7', '8'].map(Number).sort((a, b) => add(b) - add(a)), addFn(2), addFn.call(null, 3, 4), addFn.apply(undefined, [5]),
    JSON.parse('[1]', (k, v) => (k === '0' ? add(v) : v))]
  eq(adders[0], 101, 'returned closure, green call')
  return Promise.all(later).then((settled) => [first, again, adders, trace, settled])
}
