// Map and Set forEach (argument order, thisArg, entries added during iteration are visited, deleted ones
// are not), iteration order after delete and re-insert, Map/Set as for-of sources with hidden calls,
// WeakMap-keyed caches, and other native callbacks: String.prototype.replace with a function,
// JSON.stringify replacers and toJSON, JSON.parse revivers.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 10 }  // 10 = 4 (replace callbacks) + 4 (JSON.stringify replacer and toJSON) + 2 (JSON.parse reviver), annotated below
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
  const m = new Map<string, number>([['a', 1], ['b', 2]])
  const seen: unknown[] = []
  m.forEach(function (this: any, v, k, map) {
    seen.push([this.tag, k, tick(v), map === m])
    if (k === 'a') { m.set('c', 3); m.delete('b') }
  }, { tag: 't' })
  eq(seen, [['t', 'a', 1, true], ['t', 'c', 3, true]], 'Map.forEach sees additions, not deletions')
  const s = new Set([1, 2, 3])
  const sSeen: unknown[] = []
  let readded = false
  s.forEach((v, v2, set) => {
    sSeen.push([tick(v), v2 === v, set === s])
    if (v === 1 && !readded) { readded = true; s.delete(1); s.add(1) } // re-added at the end: visited again
    if (sSeen.length > 10) throw new Error('runaway')
  })
  eq(sSeen.map((x: any) => x[0]), [1, 2, 3, 1], 'Set.forEach visits a re-added value again')
  eq([...s], [2, 3, 1], 'set order after re-insert')
  m.set('a', 100)
  eq([...m.keys()], ['a', 'c'], 'updating a key keeps its position')
  const totals: Record<string, number> = {}
  for (const [k, v] of m) totals[k] = tick(v) * 2
  eq(totals, { a: 200, c: 6 }, 'for-of over a Map')
  eq([...m].map(([k, v]) => k + tick(v)), ['a100', 'c3'], 'spread of a Map and map callback')
  eq([...new Map([[NaN, 'nan'], [0, 'zero']]).entries()].map(([k]) => Object.is(k, NaN) ? 'NaN' : k), ['NaN', 0], 'NaN key')
  const mm = new Map([[-0, 'negzero']])
  eq([Object.is([...mm.keys()][0], 0), mm.get(0)], [true, 'negzero'], '-0 normalised to +0')

  const cache = new WeakMap<object, number>()
  const compute = (o: object) => { if (!cache.has(o)) cache.set(o, tick(Object.keys(o).length)); return cache.get(o) }
  const key1 = { x: 1, y: 2 }
  eq([compute(key1), compute(key1), compute({})], [2, 2, 0], 'WeakMap cache')

  // Other native callbacks.
  // sync fallback ×2: String.prototype.replace's callback (no green version), once per match
  eq('a-b-c'.replace(/-(\w)/g, (_, c: string, offset: number) => tick(c.toUpperCase()) + offset), 'aB1C3', 'replace with a callback')
  // sync fallback ×2: String.prototype.replaceAll's callback (no green version), once per match
  eq('x1y22'.replaceAll(/\d+/g, (d) => `[${tick(d.length)}]`), 'x[1]y[2]', 'replaceAll with a callback')
  const replacerKeys: string[] = []
  // sync fallback ×4: JSON.stringify's toJSON (×1) and replacer (×3, once per number) are called by the native built-in
  const json = JSON.stringify({ a: 1, b: { c: 2 }, d: [3], e: { toJSON(k: string) { return 'toJSON:' + tick(k) } } }, (k, v) => {
    replacerKeys.push(k)
    return typeof v === 'number' ? tick(v) * 10 : v
  })
  eq([json, replacerKeys], ['{"a":10,"b":{"c":20},"d":[30],"e":"toJSON:e"}', ['', 'a', 'b', 'c', 'd', '0', 'e']], 'JSON.stringify replacer and toJSON')
  // sync fallback ×2: JSON.parse's reviver (no green version), once per number
  const revived = JSON.parse('{"a":[1,{"b":2}],"c":"x"}', function (this: any, k, v) {
    log(`revive ${k || '(root)'}`)
    return typeof v === 'number' ? tick(v) + 0.5 : v
  })
  eq(revived, { a: [1.5, { b: 2.5 }], c: 'x' }, 'JSON.parse reviver')
  eq(['b', 'a', 'c'].map((x) => x).sort().map((x) => tick(x)), ['a', 'b', 'c'], 'default sort then map')
  const grouped: Record<string, number[]> = {}
  ;[1, 2, 3, 4].forEach((n) => { (grouped[tick(n % 2 ? 'odd' : 'even')] ??= []).push(n) })
  eq(grouped, { odd: [1, 3], even: [2, 4] }, 'grouping through forEach')
  return trace
}
