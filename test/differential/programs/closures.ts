// Closures and shared mutable captures: counters, captured parameters, IIFEs, hoisted declarations,
// closures that outlive their frame and are called across hidden calls.
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

function makeCounter(start: number) {
  let n = start
  return {
    inc: () => { n = tick(n) + 1; return n },
    add(k: number) { n += tick(k); return n },
    get: () => n,
    reset: function () { const old = n; n = start; return tick(old) },
  }
}

function sharedPair() {
  let shared = 0
  const a = () => { shared = tick(shared) + 1; log(['a', shared]); return shared }
  const b = () => { const before = shared; tick(null); shared *= 10; log(['b', before, shared]); return shared }
  return [a, b] as const
}

// Captured variable mutated between the read and the hidden call that uses it.
function readModifyWrite() {
  let x = 1
  const bump = () => { x = 100; return tick(5) }
  x = x + bump() // x read before bump() runs: 1 + 5
  eq(x, 6, 'lhs read before call')
  let y = 1
  y += (() => { y = 50; return tick(2) })()
  eq(y, 3, 'compound assignment reads first')
  return [x, y]
}

// Declarations are hoisted: call before definition, and the closure sees later assignments.
function hoisting() {
  let r1: unknown
  try { r1 = later(2) } catch (e) { r1 = `${(e as Error).name}: ${(e as Error).message}` }
  let factor = 3
  const r2 = later(2)
  function later(v: number): number { return tick(v) * factor }
  factor = 7
  return [r1, r2, later(2)]
}

// A closure chain several levels deep, each level capturing its own variable.
function nest(a: number) {
  return (b: number) => {
    const ab = tick(a + b)
    return (c: number) => {
      let abc = ab + tick(c)
      return (d: number) => { abc += tick(d); return [a, b, c, d, abc] }
    }
  }
}

// Closures stored in an object and re-entered while another one is suspended in the same task.
function memo() {
  const cache = new Map<number, number>()
  let calls = 0
  const fib = (n: number): number => {
    if (cache.has(n)) return cache.get(n)!
    calls++
    const v = n < 2 ? tick(n) : fib(n - 1) + fib(n - 2)
    cache.set(n, v)
    return v
  }
  return { v: fib(30), calls }
}

export default function main(): unknown {
  const c = makeCounter(10)
  eq(c.inc(), 11, 'inc')
  eq(c.inc(), 12, 'inc again')
  eq(c.add(5), 17, 'add')
  eq(c.get(), 17, 'get sees mutations')
  eq(c.reset(), 17, 'reset returns old')
  eq(c.get(), 10, 'reset restored')
  const c2 = makeCounter(0)
  c2.inc()
  eq([c.get(), c2.get()], [10, 1], 'independent counters')

  const [a, b] = sharedPair()
  a(); b(); a(); b()
  eq(a(), 111, 'shared capture')

  log(readModifyWrite())
  const h = hoisting()
  eq(h, ["ReferenceError: Cannot access 'factor' before initialization", 6, 14], 'hoisting and TDZ')
  log(h)

  const n = nest(1)(2)(3)
  eq(n(4), [1, 2, 3, 4, 10], 'nested closures')
  eq(n(4), [1, 2, 3, 4, 14], 'nested closure state persists')
  log(n(1))

  const m = memo()
  eq(m, { v: 832040, calls: 31 }, 'memoised fib')

  // IIFEs, including one that is immediately called with a hidden-call argument.
  const iife = (function (p: number) { return p * tick(2) })(tick(21))
  eq(iife, 42, 'iife')
  const arrowIife = ((q: number) => () => q + tick(1))(tick(9))()
  eq(arrowIife, 10, 'arrow iife')

  // Function whose closure variable is reassigned to another function between calls.
  let op = (x: number) => x + 1
  const apply = (x: number) => op(tick(x))
  eq(apply(1), 2, 'op before')
  op = (x) => x * 100
  eq(apply(1), 100, 'op after reassignment')

  // Closures capturing a block-scoped variable in a block that ran once.
  const fns: (() => number)[] = []
  {
    let blockVar = tick(5)
    fns.push(() => blockVar++)
    fns.push(() => tick(blockVar))
  }
  eq([fns[0](), fns[0](), fns[1]()], [5, 6, 7], 'block capture')
  log(trace.length)
  return trace
}
