// Loops and labels: labelled break/continue across nested loops, labelled blocks, do-while, while with
// hidden calls in the condition, for with calls in init/test/update, for-in (key order, inherited keys,
// deletion and addition during iteration), for-of over arrays, Maps, Sets, strings and user iterators
// (return() on break, return and throw).
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
function userIterable(n: number, name: string) {
  return {
    [Symbol.iterator]() {
      let i = 0
      return {
        next: () => { log(`${name}.next`); return i < n ? { value: tick(i++), done: false } : { value: 'ret', done: true } },
        return: () => { log(`${name}.return`); return { done: true, value: undefined } },
      }
    },
  }
}

function labelled() {
  const out: string[] = []
  outer: for (let i = 0; i < tick(4); i++) {
    inner: for (let j = 0; j < 4; j++) {
      if (j === tick(i) && i !== 2) continue outer
      if (i === 3 && j === 1) break outer
      if ((i + j) % 2) continue inner
      out.push(`${i}${j}`)
    }
    out.push('end-inner-' + i)
  }
  return out
}
function labelledBlock(x: number) {
  const out: string[] = []
  block: {
    out.push('a')
    if (tick(x) > 0) break block
    out.push('b')
  }
  out.push('c')
  return out
}
function whileLoops() {
  let i = 0
  const out: number[] = []
  while (tick(i) < 3) out.push(i++)
  do { out.push(tick(i--)) } while (i > 1)
  let k = 0
  for (; ;) { if (tick(++k) > 2) break }
  out.push(k)
  for (let a = tick(0), b = 10; tick(a < b); a += tick(3), b -= 2) out.push(a * 100 + b)
  return out
}
function forIn() {
  const proto = { inherited: 1 }
  const o: any = Object.create(proto)
  o.b = 1; o[2] = 'two'; o.a = 2; o[1] = 'one'; o[Symbol('s')] = 'sym'
  Object.defineProperty(o, 'hidden', { value: 1, enumerable: false })
  const keys: string[] = []
  for (const k in o) keys.push(tick(k))
  const mutating: any = { x: 1, y: 2, z: 3 }
  const seen: string[] = []
  for (const k in mutating) {
    seen.push(k)
    if (k === 'x') { delete mutating.y; mutating.w = 4 }
  }
  const arr = ['p', 'q']
  ;(arr as any).extra = 'e'
  const arrKeys: string[] = []
  for (const k in arr) arrKeys.push(k)
  let count = 0
  for (const _ in null as any) count++
  for (const _ in undefined as any) count++
  return { keys, seen, arrKeys, count }
}
function forOf() {
  const out: unknown[] = []
  for (const x of [tick(1), 2]) out.push(x)
  for (const [k, v] of new Map([['m', 1], ['n', 2]])) out.push(k + tick(v))
  for (const s of new Set(['s', 's', 't'])) out.push(tick(s))
  for (const ch of 'a😀b') out.push(ch)
  for (const v of userIterable(5, 'brk')) { if (v === 2) break; out.push(v) }
  for (const v of userIterable(2, 'full')) out.push(v)
  const early = () => { for (const v of userIterable(5, 'ret')) { if (v === 1) return v } }
  out.push(early())
  try { for (const v of userIterable(5, 'thr')) { if (v === 1) throw new Error('thrown in loop') } } catch (e) { out.push((e as Error).message) }
  outer: for (const a of userIterable(2, 'outerIt')) {
    for (const b of userIterable(2, 'innerIt')) { if (b === 1) continue outer; out.push([a, b]) }
  }
  const arr = [1, 2, 3]
  for (const v of arr) { if (arr.length < 6) arr.push(v * 10); out.push(v) }
  return out
}
function loopClosuresVar() {
  const fs: (() => number)[] = []
  for (var i = 0; i < 3; i++) fs.push(() => tick(i))
  return fs.map((f) => f())
}

export default function main(): unknown {
  eq(labelled(), ['20', '22', 'end-inner-2'], 'labelled loops')
  eq(labelledBlock(1), ['a', 'c'], 'labelled block break')
  eq(labelledBlock(0), ['a', 'b', 'c'], 'labelled block through')
  eq(whileLoops(), [0, 1, 2, 3, 2, 3, 10, 308], 'while/do/for')
  eq(forIn(), { keys: ['1', '2', 'b', 'a', 'inherited'], seen: ['x', 'z'], arrKeys: ['0', '1', 'extra'], count: 0 }, 'for-in')
  const fo = forOf()
  eq(fo, [1, 2, 'm1', 'n2', 's', 't', 'a', '😀', 'b', 0, 1, 0, 1, 1, 'thrown in loop', [0, 0], [1, 0], 1, 2, 3, 10, 20, 30], 'for-of')
  eq(loopClosuresVar(), [3, 3, 3], 'var is shared across iterations')
  return trace
}
