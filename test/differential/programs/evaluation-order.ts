// Evaluation order of expressions containing calls: callee before arguments, arguments left to right,
// computed member calls o[k()](a()), assignments a()[b()] = c(), compound and logical assignments (and their
// short-circuits), comma, conditional, logical operators, binary operators, template literals, object
// literals with computed keys, callee reassigned while the arguments are evaluated, and `in`/`instanceof`.
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
const v = (name: string, value: unknown = name) => { log(name); return tick(value) }

export default function main(): unknown {
  const o: any = {
    m(...a: unknown[]) { log('m runs'); return 'm:' + a.join(',') },
    n(...a: unknown[]) { log('n runs'); return 'n:' + a.join(',') },
  }
  eq(o[v('key', 'm')](v('a1'), v('a2')), 'm:a1,a2', 'o[k()](a(), b())')
  let f: (...a: unknown[]) => unknown = (...a) => 'first:' + a.join()
  eq(f(v('x'), (f = (...a) => 'second:' + a.join(), v('y'))), 'first:x,y', 'callee read before arguments')
  eq(f(), 'second:', 'reassigned callee used next time')
  const obj: any = { m: o.m }
  eq(obj.m(v('p'), (obj.m = o.n, 'q')), 'm:p,q', 'member callee read before arguments')
  const target: any = {}
  v('lhs-object-start')
  ;(log('object'), target)[v('prop', 'p')] = v('rhs')
  eq(target, { p: 'rhs' }, 'a[b()] = c(): object, key, value')
  const arr = [1, 2, 3]
  let i = 0
  arr[i++] += (i = 5, v('add', 10) as number)
  eq([arr, i], [[11, 2, 3], 5], 'compound assignment on computed member reads once')
  const counters2: any = { get n() { log('get n'); return 1 }, set n(x) { log('set n ' + x) } }
  counters2.n += v('inc', 1) as number
  counters2.n ||= v('never')
  let a: any = 0, b: any = null, c: any = 'kept'
  a ||= v('or-assign', 'A')
  b ??= v('nullish-assign', 'B')
  c &&= v('and-assign', 'C')
  let d: any = 'x'
  d ??= v('never2')
  eq([a, b, c, d], ['A', 'B', 'C', 'x'], 'logical assignments')
  eq((v('c1'), v('c2'), v('c3')), 'c3', 'comma operator')
  eq(v('cond', true) ? v('then') : v('else'), 'then', 'conditional')
  eq(v('and-l', 0) && v('and-r'), 0, '&& short-circuits')
  eq(v('or-l', 'L') || v('or-r'), 'L', '|| short-circuits')
  eq(v('nc-l', null) ?? v('nc-r', 'R'), 'R', '?? evaluates right on null')
  eq((v('b1', 2) as number) * (v('b2', 3) as number) + (v('b3', 4) as number) ** (v('b4', 2) as number), 22, 'binary operators left to right')
  eq(`${v('t1')}-${v('t2')}`, 't1-t2', 'template substitutions')
  eq({ [v('k1') as string]: v('v1'), [v('k2') as string]: v('v2'), ...(v('spread', { s: 1 }) as object) }, { k1: 'v1', k2: 'v2', s: 1 }, 'object literal order')
  eq([v('e1'), ...[v('e2')], v('e3')], ['e1', 'e2', 'e3'], 'array literal order')
  eq(v('in-key', 'm') as string in (v('in-obj', o) as object), true, 'in operator')
  eq(v('inst-l', []) instanceof (v('inst-r', Array) as any), true, 'instanceof')
  let x = 1
  eq(x + (x = v('assign-in-expr', 10) as number) + x, 21, 'assignment inside an expression')
  let y = 1
  eq([y++, v('post'), y, ++y], [1, 'post', 2, 3], 'increments in order')
  const g = () => { log('g called'); return (h: unknown) => { log('returned fn called'); return h } }
  eq(g()(v('inner arg')), 'inner arg', 'f()(a()): f runs before a')
  const chain = { a: { b: { c: (x: unknown) => x } } }
  eq(((v('base', chain) as any).a.b.c)(v('leaf')), 'leaf', 'parenthesised member callee')
  const delKey = { k: 1 }
  eq([delete (delKey as any)[v('delete-key', 'k') as string], 'k' in delKey], [true, false], 'delete with computed key')
  eq(typeof v('typeof operand'), 'string', 'typeof with call')
  eq(void v('void operand'), undefined, 'void with call')
  // The receiver and the constructor are read before the arguments that reassign them.
  const r1 = { id: 1, m(x: unknown) { return [this.id, x] } }
  const r2 = { id: 2, m(x: unknown) { return [-this.id, x] } }
  let recv: typeof r1 = r1
  eq(recv.m((recv = r2, v('reassigns receiver'))), [1, 'reassigns receiver'], 'receiver evaluated before arguments')
  class KA { v = 'KA' }
  class KB { v = 'KB' }
  let K: any = KA
  eq(new K((K = KB, v('reassigns constructor'))).v, 'KA', 'constructor evaluated before arguments')
  const counts: any = { a: 1 }
  counts[v('inc key', 'a') as string]++
  counts[v('compound key', 'a') as string] += v('compound value', 2) as number
  eq(counts, { a: 4 }, 'update expressions on computed members evaluate the key once')
  const seq: number[] = []
  for (let j = v('init', 0) as number; (log('test ' + j), j < 2); j = (log('update'), j + 1)) seq.push(j)
  eq(seq, [0, 1], 'for loop phases')
  return trace
}
