// Object literals and implicit calls: shorthand and computed methods, __proto__ in literals, builder chains
// returning this, Symbol.toPrimitive / valueOf / toString invoked by operators, Symbol.hasInstance,
// Symbol.iterator methods, methods stored in arrays and maps and called from there, and methods replaced
// on the prototype while an instance is in use.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 4 }  // 4 = 4 (a generator method driven by spread), annotated below
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
class Query {
  parts: string[] = []
  where(c: string) { this.parts.push('where ' + tick(c)); return this }
  and(c: string) { this.parts.push('and ' + tick(c)); return this }
  limit(n: number) { this.parts.push('limit ' + tick(n)); return this }
  build() { return this.parts.join(' ') }
}
const money = (cents: number) => ({
  cents,
  [Symbol.toPrimitive](hint: string) { log('toPrimitive ' + hint); return hint === 'number' ? cents / 100 : hint === 'string' ? `$${(cents / 100).toFixed(2)}` : cents },
})
const legacy = { valueOf() { log('valueOf'); return 7 }, toString() { log('toString'); return 'legacy' } }
const Even = { [Symbol.hasInstance](n: unknown) { log('hasInstance'); return typeof n === 'number' && n % 2 === 0 } }
const base = { greet() { return 'base greet ' + tick(this === undefined ? 'no this' : 'this') }, shared: 'from base' }

export default function main(): unknown {
  eq(new Query().where('a = 1').and(tick('b = 2')).limit(10).build(), 'where a = 1 and b = 2 limit 10', 'builder chain')
  const m = money(1250)
  eq([+m, `${m}`, m + '', m as any > 12], [12.5, '$12.50', '1250', true], 'toPrimitive hints')
  eq([(legacy as any) + 1, `${legacy}`, (legacy as any) * 2, String(legacy)], [8, 'legacy', 14, 'legacy'], 'valueOf and toString')
  eq([4 instanceof (Even as any), 3 instanceof (Even as any)], [true, false], 'Symbol.hasInstance')
  const child = { __proto__: base, own: 1, greet() { return 'child>' + base.greet.call(this) } } as any
  eq([child.greet(), child.shared, Object.keys(child), Object.getPrototypeOf(child) === base], ['child>base greet this', 'from base', ['own', 'greet'], true], '__proto__ literal')
  const notProto = { ['__proto__']: 1 } as any
  eq([Object.keys(notProto), Object.getPrototypeOf(notProto) === Object.prototype], [['__proto__'], true], 'computed __proto__ is an own key')
  // sync fallback ×4: a generator method's body, driven by spread, once per value
  const range = { from: 1, to: 4, *[Symbol.iterator]() { for (let i = this.from; i <= this.to; i++) yield tick(i) } }
  eq([...range], [1, 2, 3, 4], 'Symbol.iterator generator method')
  const handlers = [(x: number) => x + 1, function (x: number) { return tick(x) * 2 }, { h(x: number) { return x - 1 } }.h]
  eq(handlers.map((h) => h(tick(10))), [11, 20, 9], 'functions stored in an array')
  const table = new Map<string, (x: number) => number>([['sq', (x) => tick(x * x)], ['neg', (x) => -x]])
  eq([table.get('sq')!(3), table.get('neg')?.(3), table.get('none')?.(3)], [9, -3, undefined], 'functions stored in a Map')
  const inst = new Query()
  const original = Query.prototype.where
  Query.prototype.where = function (this: Query, c: string) { this.parts.push('WHERE ' + tick(c)); return this }
  eq(inst.where('x').build(), 'WHERE x', 'patched prototype method is used')
  Query.prototype.where = original
  eq(inst.where('y').build(), 'WHERE x where y', 'restored prototype method')
  const ownOverride = new Query()
  ;(ownOverride as any).where = (c: string) => { log('own where ' + c); return ownOverride }
  eq(ownOverride.where(tick('z')).build(), '', 'own property shadows prototype method')
  const shorthand = { tick, base }
  eq([shorthand.tick('short'), shorthand.base.greet()], ['short', 'base greet this'], 'hidden function as a shorthand method')
  const frozen = Object.freeze({ n: 1, get(this: { n: number }) { return tick(this.n) } })
  eq([frozen.get(), caught(() => { (frozen as any).n = 2 })], [1, "TypeError: Cannot assign to read only property 'n' of object '#<Object>'"], 'frozen object method')
  const nullProto = Object.assign(Object.create(null), { f: () => tick('null proto') })
  eq([nullProto.f(), 'toString' in nullProto], ['null proto', false], 'null-prototype object')
  const getterMethod = { get fn() { log('getter returns a function'); return (x: number) => tick(x) + 1 } }
  eq(getterMethod.fn(1), 2, 'callee from a getter')
  return trace
}
