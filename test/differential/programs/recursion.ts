// Deep recursion (depth 1000 to 3000) with hidden calls at the bottom, on the way down and on the way up;
// mutual recursion, recursion through methods and closures, an exception thrown from the bottom of a deep
// chain and caught halfway, and tree recursion.
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
function sumDown(n: number): number { return n === 0 ? tick(0) : n + sumDown(n - 1) }
function everyLevel(n: number): number { if (n === 0) return 0; const here = n % 100 === 0 ? tick(n) : n; return here + everyLevel(n - 1) }
function upward(n: number, acc: number[]): number[] { if (n > 0) { upward(n - 1, acc); if (n % 500 === 0) acc.push(tick(n)) } return acc }
function isEven(n: number): boolean { return n === 0 ? tick(true) : isOdd(n - 1) }
function isOdd(n: number): boolean { return n === 0 ? tick(false) : isEven(n - 1) }
class Walker {
  depth = 0
  max = 0
  down(n: number): number {
    this.depth++
    this.max = Math.max(this.max, this.depth)
    try { return n === 0 ? tick(this.depth) : this.down(n - 1) } finally { this.depth-- }
  }
}
function throwAtBottom(n: number, catchAt: number): string {
  try {
    if (n === 0) { tick(null); throw new RangeError('bottom reached') }
    return throwAtBottom(n - 1, catchAt)
  } catch (e) {
    if (n !== catchAt) throw e
    return `caught at ${n}: ${(e as Error).message}`
  }
}
const viaClosure = (() => {
  const self = (n: number): number => (n <= 0 ? tick(n) : 1 + self(n - 2))
  return self
})()
function fib(n: number): number { return n < 2 ? tick(n) : fib(n - 1) + fib(n - 2) }
type Node = { v: number, kids: Node[] }
function build(depth: number, width: number, next = { v: 0 }): Node {
  const node: Node = { v: next.v++, kids: [] }
  if (depth > 0) for (let i = 0; i < width; i++) node.kids.push(build(depth - 1, width, next))
  return node
}
function sumTree(n: Node): number { return tick(n.v) + n.kids.reduce((s, k) => s + sumTree(k), 0) }
function ackermann(m: number, n: number): number { return m === 0 ? n + 1 : n === 0 ? ackermann(m - 1, tick(1)) : ackermann(m - 1, ackermann(m, n - 1)) }

export default function main(): unknown {
  eq(sumDown(1000), 500500, 'depth 1000, hidden call at the bottom')
  eq(sumDown(3000), 4501500, 'depth 3000')
  eq(everyLevel(2000), 2001000, 'hidden calls on the way down')
  eq(upward(2500, []), [500, 1000, 1500, 2000, 2500], 'hidden calls on the way up')
  eq([isEven(2001), isOdd(1501), isEven(0)], [false, true, true], 'mutual recursion')
  const w = new Walker()
  eq([w.down(1500), w.depth, w.max], [1501, 0, 1501], 'method recursion with finally')
  eq(throwAtBottom(2000, 1000), 'caught at 1000: bottom reached', 'exception through 1000 frames')
  eq(viaClosure(2999), 1499, 'closure recursion')
  eq(fib(15), 610, 'tree recursion with many hidden calls')
  eq(sumTree(build(5, 3)), 182 * 363, 'recursion through a reduce callback')
  eq(ackermann(2, 3), 9, 'ackermann')
  log(counters.asserts)
  return trace
}
