// Rest parameters, destructuring parameters and patterns: nested patterns, defaults with hidden calls,
// computed keys, object rest, iterator protocol (return() on early stop), and the order of the effects.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 4 }  // 4 = 4 (parameter defaults), annotated below
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
function tracked(name: string, values: unknown[]) {
  return {
    [Symbol.iterator]() {
      let i = 0
      log(`${name}: iterator`)
      return {
        next() { log(`${name}: next ${i}`); return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true } },
        return() { log(`${name}: return at ${i}`); return { done: true } },
      }
    },
  }
}
function getters(name: string, o: Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(o)) Object.defineProperty(out, k, { enumerable: true, get() { log(`${name}.${k}`); return o[k] } })
  return out
}

// sync fallback ×2: destructuring defaults in the parameter list (c and y, one call)
function params({ a, b: { c = tick('c0'), ...restB } = {} as any, ...rest }: any, [x, , y = tick('y0'), ...zs]: any[] = []) {
  return { a, c, restB, rest, x, y, zs }
}
function restOnly(...all: unknown[]) { return [all.length, Array.isArray(all), tick(all.join())] }
function restAfter(a: unknown, b: unknown, ...more: unknown[]) { return [a, b, more] }
// sync fallback ×2: destructuring defaults in the parameter list (p and q, then q)
function nestedDefaultOrder({ p = log('p default') ?? tick(1), q = log('q default') ?? tick(2) }: any = getters('arg', { q: 5 })) { return [p, q] }
const arrowPattern = ({ k, v }: { k: string, v: number }) => `${k}=${tick(v)}`
let keyCount = 0
const key = (k: string) => { keyCount++; log('key ' + k); return k }

export default function main(): unknown {
  eq(params({ a: 1, b: { c: 2, d: 3 }, e: 4 }, [5, 6, 7, 8, 9]), { a: 1, c: 2, restB: { d: 3 }, rest: { e: 4 }, x: 5, y: 7, zs: [8, 9] }, 'full')
  eq(params({ a: 1 }), { a: 1, c: 'c0', restB: {}, rest: {}, y: 'y0', zs: [] }, 'defaults')
  eq(caught(() => params(undefined)), "TypeError: Cannot destructure property 'a' of 'undefined' as it is undefined.", 'destructure undefined')
  eq(caught(() => params(null)), "TypeError: Cannot destructure property 'a' of 'object null' as it is null.", 'destructure null')
  eq(restOnly(), [0, true, ''], 'empty rest')
  eq(restOnly(1, 'a', null), [3, true, '1,a,'], 'rest')
  eq(restAfter(1), [1, undefined, []], 'rest after missing')
  eq(nestedDefaultOrder(), [1, 5], 'default parameter object with getters')
  eq(nestedDefaultOrder({ p: 'P' }), ['P', 2], 'given object')
  eq(arrowPattern({ k: 'x', v: 3 }), 'x=3', 'arrow pattern')

  // Array patterns drive the iterator protocol: return() only when the pattern stops early.
  const [i1, i2] = tracked('two-of-three', [1, 2, 3]) as any
  eq([i1, i2], [1, 2], 'early stop')
  const [j1, ...jr] = tracked('rest', [1, 2, 3]) as any
  eq([j1, jr], [1, [2, 3]], 'rest exhausts')
  const [k1 = tick('k1d'), k2 = tick('k2d')] = tracked('short', [undefined]) as any
  eq([k1, k2], ['k1d', 'k2d'], 'defaults for short iterators')

  // Assignment patterns: targets evaluated left to right, interleaved with the source reads.
  const target: any = {}
  keyCount = 0
  ;({ a: target[key('A')], b: target[key('B')] = tick('bd'), c: target[key('C')] } = getters('src', { a: 1, c: 3 }))
  // (Node 20's V8 reads an excluded getter again when a rest element follows computed targets outside
  // generators, which Node 24 does not: keep the rest element's targets static.)
  ;({ a: target.A2, ...target.R } = getters('src2', { a: 1, c: 3 }))
  eq(target, { A: 1, B: 'bd', C: 3, A2: 1, R: { c: 3 } }, 'assignment patterns with computed targets and rest')
  eq(keyCount, 3, 'each key once')
  let s1: unknown, s2: unknown
  ;[s1, s2] = [s2 = tick('s2'), s1 = tick('s1')]
  eq([s1, s2], ['s2', 's1'], 'swap-ish')
  let m = 1, n = 2
  ;[m, n] = [n, m]
  eq([m, n], [2, 1], 'swap')

  // Computed keys in binding patterns run in order with the defaults.
  const { [key('x')]: px = tick('px'), [key('y')]: py = tick('py') } = { y: 'Y' } as any
  eq([px, py], ['px', 'Y'], 'computed binding keys')

  // Strings, Maps and nested arrays.
  const [c0, , c2] = 'héllo'
  const [[mk, mv]] = new Map([[tick('mk'), tick('mv')]])
  const { length } = tick('abcd')
  const [{ deep: [d0 = tick('d0')] = [] } = {}] = [{ deep: [] }] as any
  eq([c0, c2, mk, mv, length, d0], ['h', 'l', 'mk', 'mv', 4, 'd0'], 'strings, maps, nesting')
  eq(caught(() => { const [a] = {} as any; return a }), 'TypeError: {} is not iterable', 'not iterable')
  eq(caught(() => { const { a: { b } } = {} as any; return b }), "TypeError: Cannot read properties of undefined (reading 'b')", 'nested undefined')

  // for-of with patterns and defaults
  const pairs: unknown[] = []
  for (const [k, v = tick('vd')] of [['a', 1], ['b']]) pairs.push(k + v)
  for (const { n: nn = tick(0), ...others } of [{ n: 1, o: 2 }, { o: 3 }] as any[]) pairs.push([nn, others])
  eq(pairs, ['a1', 'bvd', [1, { o: 2 }], [0, { o: 3 }]], 'patterns in for-of')
  // catch parameter patterns
  try { throw { code: tick('E1'), info: { detail: 'x' } } } catch ({ code, info: { detail }, extra = tick('ex') }: any) { pairs.push([code, detail, extra]) }
  eq(pairs[4], ['E1', 'x', 'ex'], 'catch pattern')
  return trace
}
