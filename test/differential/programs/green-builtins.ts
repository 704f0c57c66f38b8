// The runtime may replace built-in higher-order functions with green versions at call sites: they must be
// indistinguishable from the originals. Proxy-wrapped arrays log every trap the methods perform (has/get
// order, length reads, species lookups), callbacks report their arguments.length and `this`, and sort logs
// the exact sequence of comparator calls for consistent and inconsistent comparators.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 175 }  // 175 = 175 (Array.prototype.sort comparators), annotated below
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
const keyName = (k: string | symbol) => (typeof k === 'symbol' ? `@${k.description}` : k)
function spied<T extends object>(name: string, target: T, traps: string[]): T {
  return new Proxy(target, {
    get(t, k, r) { traps.push(`${name} get ${keyName(k)}`); return Reflect.get(t, k, r) },
    has(t, k) { traps.push(`${name} has ${keyName(k)}`); return Reflect.has(t, k) },
    set(t, k, v, r) { traps.push(`${name} set ${keyName(k)}`); return Reflect.set(t, k, v, r) },
    defineProperty(t, k, d) { traps.push(`${name} define ${keyName(k)}`); return Reflect.defineProperty(t, k, d) },
    deleteProperty(t, k) { traps.push(`${name} delete ${keyName(k)}`); return Reflect.deleteProperty(t, k) },
  })
}
function argsOf(this: unknown, ...a: unknown[]) { return [arguments.length, this === undefined ? 'undefined' : typeof this] }

export default function main(): unknown {
  // Trap sequences of array methods on a sparse proxied array.
  const results: Record<string, unknown> = {}
  const methods: [string, (p: any) => unknown][] = [
    ['forEach', (p) => p.forEach((x: number) => { tick(x) })],
    ['map', (p) => p.map((x: number) => tick(x) * 2)],
    ['filter', (p) => p.filter((x: number) => tick(x) > 1)],
    ['some', (p) => p.some((x: number) => tick(x) > 2)],
    ['every', (p) => p.every((x: number) => tick(x) > 0)],
    ['reduce', (p) => p.reduce((a: number, x: number) => a + tick(x), 0)],
    ['reduceRight', (p) => p.reduceRight((a: number, x: number) => a + tick(x))],
    ['find', (p) => p.find((x: number) => tick(x) === 3)],
    ['findIndex', (p) => p.findIndex((x: number) => tick(x) === 3)],
    ['findLast', (p) => p.findLast((x: number) => tick(x) === 1)],
    ['flatMap', (p) => p.flatMap((x: number) => [tick(x)])],
    // sync fallback ×4: Array.prototype.sort's comparator (no green version), once per comparator call
    ['sort', (p) => p.sort((a: number, b: number) => tick(b) - a)],
    ['Array.from', (p) => Array.from(p, (x: number) => tick(x))],
  ]
  for (const [name, run] of methods) {
    const traps: string[] = []
    // eslint-disable-next-line no-sparse-arrays
    const value = run(spied('arr', [1, , 3, 2], traps))
    results[name] = { value: JSON.stringify(value), traps }
  }
  eq(Object.keys(results).length, methods.length, 'every method ran')

  // What callbacks receive.
  const received = {
    forEach: (() => { const r: unknown[] = []; [1].forEach(function (this: unknown) { r.push(argsOf.apply(this, arguments as any)) }); return r })(),
    map: [1].map(function (this: unknown) { return argsOf.apply(this, arguments as any) }),
    mapThisArg: [1].map(function (this: unknown) { return argsOf.apply(this, arguments as any) }, 'str'),
    reduce: [1, 2].reduce(function (acc: unknown) { return [acc, arguments.length] }),
    sort: (() => { const r: unknown[] = []; [2, 1].sort(function (this: unknown, a, b) { r.push(argsOf.apply(this, arguments as any)); return a - b }); return r })(),
    from: Array.from([1], function (this: unknown) { return argsOf.apply(this, arguments as any) }),
    mapForEach: (() => { const r: unknown[] = []; new Map([[1, 2]]).forEach(function (this: unknown) { r.push(argsOf.apply(this, arguments as any)) }); return r })(),
    setForEach: (() => { const r: unknown[] = []; new Set([1]).forEach(function (this: unknown) { r.push(argsOf.apply(this, arguments as any)) }, 7); return r })(),
    call: argsOf.call(undefined, 1, 2),
    apply: argsOf.apply(null, [1]),
    bind: argsOf.bind(undefined, 1)(2, 3),
  }
  eq(received.map, [[3, 'undefined']], 'map callback gets 3 arguments and undefined this')
  eq(received.mapThisArg, [[3, 'string']], 'primitive thisArg is not boxed for strict callbacks')
  eq(received.sort, [[2, 'undefined']], 'comparator gets 2 arguments')

  // Comparator call sequences: consistent, inconsistent, and throwing.
  const calls: string[] = []
  const data = [5, 1, 4, 2, 3, 9, 0, 8, 7, 6, 5, 1]
  // sync fallback ×30: Array.prototype.sort's comparator (no green version), once per comparator call
  const sorted = data.slice().sort((a, b) => { calls.push(`${a}:${b}`); return tick(a) - b })
  eq(sorted, [0, 1, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9], 'sorted')
  const weird: string[] = []
  let flip = 0
  // sync fallback ×30: Array.prototype.sort's comparator (no green version), once per comparator call
  const inconsistent = data.slice().sort((a, b) => { weird.push(`${a}:${b}`); flip = (flip * 7 + a + b) % 5; return tick(flip - 2) })
  const objs = Array.from({ length: 30 }, (_, i) => ({ k: i % 4, i }))
  // sync fallback ×106: Array.prototype.sort's comparator (no green version), once per comparator call (30 objects)
  const stable = objs.slice().sort((x, y) => tick(x.k) - y.k).map((o) => o.i)
  const partial: string[] = []
  eq(caught(() => data.slice().sort((a, b) => { partial.push(`${a}:${b}`); if (partial.length === 5) throw new Error('cmp fails'); return a - b })), 'Error: cmp fails', 'throwing comparator')
  const arrAfterThrow = [3, 2, 1]
  // sync fallback ×1: Array.prototype.sort's comparator (no green version); the other calls throw before tick
  caught(() => arrAfterThrow.sort((a, b) => { if (a === 1 || b === 1) throw new Error('x'); return tick(a) - b }))
  // sync fallback ×4: Array.prototype.sort's comparator (no green version), once per comparator call
  const undefinedsAndHoles = [3, undefined, 1, , 2].sort((a: any, b: any) => tick(a) - b)
  eq([undefinedsAndHoles.length, 3 in undefinedsAndHoles, 4 in undefinedsAndHoles], [5, true, false], 'undefined sorts last, holes after it')
  log({ results, received, calls, weird, inconsistent, stable, partial, arrAfterThrow, undefinedsAndHoles: JSON.stringify(undefinedsAndHoles) })

  // Array-likes and species through green call/apply.
  const traps: string[] = []
  const argList = spied('args', { length: 2, 0: 'a', 1: 'b' }, traps)
  eq(argsOf.apply(null, argList as any), [2, 'object'], 'apply with a proxied array-like')
  eq(Reflect.apply(argsOf, undefined, argList as any), [2, 'undefined'], 'Reflect.apply with a proxied array-like')
  log(traps)
  class Species extends Array { static get [Symbol.species]() { log('species read'); return Array } }
  const sp = Species.from([1, 2, 3])
  eq([sp.map((x) => tick(x)) instanceof Species, sp.filter(() => true) instanceof Species], [false, false], 'species getter consulted')
  return trace
}
