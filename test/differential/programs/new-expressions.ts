// `new`: with and without arguments, member and computed callees, callee expressions that call functions,
// constructors returning objects or primitives, function constructors, prototypes, argument evaluation
// order, `new` on arrows, methods and non-constructors (native error messages).
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 6 }  // 6 = 6 (constructors and a field initialiser), annotated below
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
const arg = (v: unknown) => { log('arg ' + String(v)); return tick(v) }

function Legacy(this: any, a?: unknown, b?: unknown) { this.a = a; this.b = b; this.n = arguments.length }
Legacy.prototype.both = function () { return [this.a, tick(this.b)] }
// sync fallback ×1: a constructor frame
function ReturnsObject(this: any) { this.lost = true; return { replaced: tick(true) } }
// sync fallback ×1: a constructor frame
function ReturnsPrimitive(this: any) { this.kept = tick(true); return 42 }
class Simple { v: unknown; constructor(v?: unknown) { this.v = v === undefined ? 'none' : v } }
const ns: any = { inner: { Klass: class { tag = 'inner' } }, Simple }
const pickClass = (k: string) => { log('pick ' + k); return tick(ns[k]) }

export default function main(): unknown {
  const l1 = new (Legacy as any)()
  const l2 = new (Legacy as any)
  const l3 = new (Legacy as any)(arg(1), arg(2))
  eq([l1.n, l2.n, l3.n, l3.both()], [0, 0, 2, [1, 2]], 'function constructor')
  eq(l3 instanceof (Legacy as any) && Object.getPrototypeOf(l3) === Legacy.prototype, true, 'prototype link')
  eq(new (ReturnsObject as any)(), { replaced: true }, 'returned object replaces this')
  eq(new (ReturnsPrimitive as any)(), { kept: true }, 'returned primitive ignored')
  eq([new Simple().v, new Simple(tick(0)).v, new Simple(null).v], ['none', 0, null], 'class with and without args')
  eq(new Simple, { v: 'none' }, 'new without parentheses')
  eq(new ns.inner.Klass().tag, 'inner', 'member callee')
  eq(new ns['Simple'](arg('c')).v, 'c', 'computed member callee')
  eq(new (pickClass('Simple'))(arg('d')).v, 'd', 'call expression as callee: callee first, then args')
  eq(new (tick(Simple))().v, 'none', 'hidden call result as callee')
  // sync fallback ×1: a constructor frame (the function expression's tick; arg('anon') suspends)
  const anon = new (function (this: any, a: unknown) { this.a = tick(a); this.t = typeof new.target } as any)(arg('anon'))
  eq([anon.a, anon.t], ['anon', 'function'], 'new on a parenthesised function expression')
  // sync fallback ×1: a constructor frame
  const anonNoArgs = new (function (this: any) { this.ok = tick(true) } as any)
  eq(anonNoArgs.ok, true, 'new on a parenthesised function expression without arguments')
  // sync fallback ×1: a constructor frame (tick(v) inside it; tick('in arrow') suspends)
  const arrowMade = ((v: unknown) => new (function (this: any) { this.v = tick(v) } as any)())(tick('in arrow'))
  eq(arrowMade.v, 'in arrow', 'new on a function expression inside an arrow')
  // sync fallback ×1: a field initialiser (constructor frame) calling arg
  const made = new (class { x = arg('field') })()
  eq(made.x, 'field', 'new on a class expression')
  eq(new (Function.prototype.bind.call(Simple, null, 'bound') as any)().v, 'bound', 'new on a bound class')
  eq(caught(() => new ((() => 1) as any)()), 'TypeError: (intermediate value) is not a constructor', 'arrow is not a constructor')
  const arrow = () => 1
  eq(caught(() => new (arrow as any)()), 'TypeError: arrow is not a constructor', 'named arrow')
  eq(caught(() => new (ns.inner.missing as any)(arg('evaluated?'))), 'TypeError: ns.inner.missing is not a constructor', 'missing member')
  eq(caught(() => new (Math.max as any)()), 'TypeError: Math.max is not a constructor', 'builtin is not a constructor')
  eq(caught(() => new (({ m() {} }).m as any)()), 'TypeError: {(intermediate value)}.m is not a constructor', 'method is not a constructor')
  const gen = function* () { }
  eq(caught(() => new (gen as any)()), 'TypeError: gen is not a constructor', 'generator is not a constructor')
  eq(new Array(3).length + new Array(tick(1), 2).length, 5, 'new Array forms')
  eq([new Map([[tick('k'), 1]]).get('k'), new Set(tick([1, 1])).size], [1, 1], 'builtin constructors with hidden args')
  eq(typeof new (Object as any)(tick('s')), 'object', 'boxing through new Object')
  return trace
}
