// Closures created in loops: per-iteration `let` bindings in for (including the copy made before the
// update expression), for-in and for-of, closures created in the loop head, `var` shared across
// iterations, while-loop block bindings, and closures that are called after a hidden call suspended
// the loop.
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
export default function main(): unknown {
  const a: (() => number)[] = []
  for (let i = 0; i < 3; i++) { a.push(() => tick(i)); tick(null) }
  eq(a.map((f) => f()), [0, 1, 2], 'per-iteration let')

  const b: (() => number)[] = []
  for (let i = 0; i < 6; i++) { b.push(() => i); i++ }
  eq(b.map((f) => f()), [1, 3, 5], 'body mutation seen by that iteration closure')

  const c: (() => number)[] = []
  for (let i = 0; i < 3; i += tick(1)) c.push(() => i * 10)
  eq(c.map((f) => f()), [0, 10, 20], 'update runs on the next iteration copy')

  // A closure made in the init expression captures the binding that exists before the first copy.
  const d: (() => number)[] = []
  let incInit: () => number = () => -1
  for (let i = 0, inc = () => ++i; i < 3; i++) { if (i === 0) incInit = inc; d.push(() => i) }
  eq([d.map((f) => f()), incInit(), incInit()], [[0, 1, 2], 1, 2], 'closure in the init expression sees the initial binding only')

  const e: (() => string)[] = []
  for (const k in { x: 1, y: 2 }) e.push(() => tick(k))
  eq(e.map((f) => f()), ['x', 'y'], 'for-in const per iteration')

  const f: (() => unknown)[] = []
  for (const [k, v] of [['p', 1], ['q', 2]]) f.push(() => k + tick(v))
  eq(f.map((g) => g()), ['p1', 'q2'], 'for-of destructured const per iteration')

  const g: (() => number)[] = []
  for (var j = 0; j < 3; j++) g.push(() => j)
  eq(g.map((h) => h()), [3, 3, 3], 'var shared')

  const h: (() => number)[] = []
  let w = 0
  while (w < 3) { const snapshot = tick(w); h.push(() => snapshot * 2); w++ }
  eq(h.map((fn) => fn()), [0, 2, 4], 'block binding in while')

  const counters2: (() => number)[] = []
  for (let i = 0; i < 2; i++) {
    let count = 0
    counters2.push(() => (count += tick(i + 1)))
  }
  counters2[0](); counters2[0](); counters2[1]()
  eq([counters2[0](), counters2[1]()], [3, 4], 'independent state per iteration')

  const labelled: string[] = []
  const fns: (() => string)[] = []
  outer: for (let i = 0; i < 3; i++) {
    for (let k = 0; k < 3; k++) {
      if (k > i) continue outer
      fns.push(() => `${i}${k}`)
      if (tick(i) === 2 && k === 1) break outer
    }
  }
  for (const fn of fns) labelled.push(fn())
  eq(labelled, ['00', '10', '11', '20', '21'], 'closures with labelled continue/break')

  const mutated: (() => number)[] = []
  for (let i = 0; i < 3; i++) {
    mutated.push(() => i)
    if (i === 1) { const set = () => { i = 10 }; set() }
  }
  eq(mutated.map((fn) => fn()), [0, 10], 'closure mutating the loop variable ends the loop')

  const asyncish: (() => number)[] = []
  for (let i = 0; i < 3; i++) {
    const before = i
    tick('suspend inside the loop')
    asyncish.push(() => before + i)
  }
  eq(asyncish.map((fn) => fn()), [0, 2, 4], 'bindings survive suspension')
  const declared: (() => number)[] = []
  for (let i = 0; i < 3; i++) {
    function perIteration() { return tick(i) * 1000 }
    declared.push(perIteration)
  }
  eq([declared.map((fn) => fn()), declared[0] === declared[1]], [[0, 1000, 2000], false], 'function declarations in a loop body, one per iteration')
  const deferred = [0, 1, 2].map((i) => () => tick(i) * 100)
  eq(deferred.map((fn) => fn()), [0, 100, 200], 'closures from map callbacks')
  log(a.length + b.length + c.length)
  return trace
}
