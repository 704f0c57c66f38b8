// Native error messages must be identical after compilation: V8 builds "x is not a function" and
// "Cannot read properties of undefined (reading 'm')" from the call-site source text, so any rewrite of a
// call site shows here. Each case runs inside a function that has hidden calls around the failing call.
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
function caught(f: () => unknown): string {
  try { f(); return 'no error' } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` }
}
const u: any = undefined
const n: any = null
const o: any = { a: { b: {} }, list: [1], num: 5, str: 's', fns: [undefined], nested: { deeper: { fn: 3 } } }
const getObj = () => o
const x: any = 42
class C { m() { return 1 } static s() { return 2 } }

export default function main(): unknown {
  const cases: Record<string, () => unknown> = {
    'call undefined variable': () => { tick(0); return u() },
    'call number variable': () => { tick(0); return x(tick(1)) },
    'call missing member': () => o.missing(tick(1)),
    'call deep missing member': () => o.a.b.c(tick(1)),
    // (Not `o['comp' + 'uted']`: V8 12 folds that key and prints it differently from V8 11, so its message
    // differs between Node 20 and 24 before greenhack is involved.)
    'call computed missing': () => { const part = tick('comp'); return o[part + 'uted']() },
    'call element': () => o.fns[0](),
    'call result of call': () => getObj()(),
    'call member of call result': () => getObj().nope(),
    'call number member': () => o.num(),
    'call string member': () => o.nested.deeper.fn(tick(2)),
    'member of undefined': () => u.m(tick(3)),
    'member of null': () => n.m,
    'deep member of undefined': () => o.missing.m(),
    'computed member of undefined': () => u[tick('k')],
    'set member of undefined': () => { u.p = tick(1) },
    'set member of null': () => { n[tick('q')] = 1 },
    'call undefined via call()': () => u.call(null),
    'this-less method': () => { const m = o.a.b.c; return m() },
    'class without new': () => (C as any)(),
    'new on arrow': () => new (((a: number) => a) as any)(tick(1)),
    'new on non-constructor member': () => new o.num(),
    'iterate undefined': () => { for (const _ of u) tick(_) },
    'iterate number': () => { const [a] = x; return a },
    'spread number into call': () => Math.max(...x),
    'destructure undefined': () => { const { a } = u; return a },
    'destructure null parameter': () => (({ p }: any) => p)(null),
    'instanceof non-callable': () => ({} instanceof (o as any)),
    'in on primitive': () => 'k' in (o.str as any),
    'assign to const': () => { const k = 1; (k as any) = tick(2) },
    'TDZ read': () => { const read = () => later; read(); const later = tick(1); return later },
    'undeclared variable': () => (globalThis as any).undeclaredThing.x,
    'symbol to string': () => `${Symbol('s') as any}`,
    'BigInt mix': () => (1n as any) + tick(1),
    'frozen write': () => { 'use strict'; Object.freeze(o.list); o.list[0] = tick(2) },
    'Object.defineProperty on frozen': () => Object.defineProperty(Object.freeze({}), 'x', { value: tick(1) }),
    'JSON cycle': () => { const c: any = { name: 'c' }; c.self = c; return JSON.stringify(c) },
    'optional then plain': () => o?.missing.deeper,
    'method of hidden result': () => tick(undefined as any).method(),
    'call hidden result': () => (tick(7) as any)(),
    'tick member': () => (tick as any).nope(),
    'getter on undefined receiver': () => Object.getOwnPropertyDescriptor(Map.prototype, 'size')!.get!.call(tick(undefined)),
    'stack overflow message': () => { const rec = (k: number): number => rec(k + 1) + 1; return rec(0) },
  }
  const results: Record<string, string> = {}
  for (const [name, fn] of Object.entries(cases)) results[name] = caught(fn)
  eq(results['call undefined variable'], 'TypeError: u is not a function', 'call undefined variable')
  eq(results['call number variable'], 'TypeError: x is not a function', 'call number variable')
  eq(results['call missing member'], 'TypeError: o.missing is not a function', 'call missing member')
  eq(results['call deep missing member'], 'TypeError: o.a.b.c is not a function', 'call deep missing member')
  eq(results['call element'], 'TypeError: o.fns[0] is not a function', 'call element')
  eq(results['call result of call'], 'TypeError: getObj(...) is not a function', 'call result of call')
  eq(results['call member of call result'], 'TypeError: getObj(...).nope is not a function', 'call member of call result')
  eq(results['member of undefined'], "TypeError: Cannot read properties of undefined (reading 'm')", 'member of undefined')
  eq(results['member of null'], "TypeError: Cannot read properties of null (reading 'm')", 'member of null')
  eq(results['deep member of undefined'], "TypeError: Cannot read properties of undefined (reading 'm')", 'deep member of undefined')
  eq(results['set member of undefined'], "TypeError: Cannot set properties of undefined (setting 'p')", 'set member of undefined')
  eq(results['class without new'], "TypeError: Class constructor C cannot be invoked without 'new'", 'class without new')
  eq(results['assign to const'], 'TypeError: Assignment to constant variable.', 'assign to const')
  eq(results['TDZ read'], "ReferenceError: Cannot access 'later' before initialization", 'TDZ read')
  eq(results['stack overflow message'], 'RangeError: Maximum call stack size exceeded', 'stack overflow')
  eq(results['method of hidden result'], "TypeError: Cannot read properties of undefined (reading 'method')", 'method of hidden result')
  eq(results['tick member'], 'TypeError: tick.nope is not a function', 'tick member')
  eq(Object.keys(results).length, Object.keys(cases).length, 'every case ran')
  eq(Object.values(results).filter((r) => r === 'no error'), [], 'every case threw')
  log(results)
  return trace
}
