// Effects through getters and Proxies: every trap a call performs is logged (get of the callee, has, apply,
// construct, ownKeys, getOwnPropertyDescriptor), including symbol-keyed reads, so any extra property read
// made by compiled call sites (for example a twin lookup on a Proxy) shows up as a difference. Getters that
// call functions, getter chains in method calls, and Proxy-wrapped functions as callees.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 10 }  // 10 = 5 (Proxy apply trap) + 2 (transparent and revocable proxies) + 1 (constructor) + 2 (getter), annotated below
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
const keyName = (k: string | symbol) => (typeof k === 'symbol' ? `[${k.description}]` : k)
function spy<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    // Inside a task a call through the proxy first reads Symbol.for('greenhack.twin'): one extra `get`,
    // documented in docs/unsupported.md and asserted in test/core/documented-differences.test.ts.
    get(t, k, r) { if (k !== Symbol.for('greenhack.twin')) log(`${name}.get ${keyName(k)}`); return Reflect.get(t, k, r) },
    has(t, k) { log(`${name}.has ${keyName(k)}`); return Reflect.has(t, k) },
    set(t, k, v, r) { log(`${name}.set ${keyName(k)}`); return Reflect.set(t, k, v, r) },
    apply(t, thisArg, args) { log(`${name}.apply(${args.length})`); return Reflect.apply(t as any, thisArg, args) },
    construct(t, args, nt) { log(`${name}.construct(${args.length})`); return Reflect.construct(t as any, args, nt) },
    ownKeys(t) { log(`${name}.ownKeys`); return Reflect.ownKeys(t) },
    getOwnPropertyDescriptor(t, k) { log(`${name}.gopd ${keyName(k)}`); return Reflect.getOwnPropertyDescriptor(t, k) },
    deleteProperty(t, k) { log(`${name}.delete ${keyName(k)}`); return Reflect.deleteProperty(t, k) },
  })
}

function double(x: number) { return tick(x) * 2 }
class Thing { v: number; constructor(v: number) { this.v = tick(v) } get twice() { return this.v * 2 } }

export default function main(): unknown {
  const f = spy('fn', double)
  // sync fallback ×1: double called by the Proxy's apply trap (Reflect.apply: no twin runs through a Proxy)
  eq(f(2), 4, 'proxied function call')
  // sync fallback ×2: double called by the Proxy's apply trap, once per call
  eq([f.call(null, 3), f.apply(null, [4])], [6, 8], 'proxied function via call/apply')
  // sync fallback ×2: double called by the Proxy's apply trap, once per element
  eq([1, 2].map(f), [2, 4], 'proxied function as a map callback')
  const obj = spy('obj', { m(x: number) { return 'm' + tick(x) }, n: 1, inner: { deep(x: number) { return x + 1 } } })
  eq(obj.m(1), 'm1', 'method call through proxy')
  eq(obj.inner.deep(tick(1)), 2, 'chain through proxy')
  eq((obj as any).missing?.(tick(0)), undefined, 'optional call through proxy')
  eq(caught(() => (obj as any).nope(tick(0))), 'TypeError: obj.nope is not a function', 'missing method through proxy')
  eq('m' in obj, true, 'has trap')
  eq(Object.keys(obj), ['m', 'n', 'inner'], 'ownKeys trap')
  ;(obj as any).n = tick(5)
  delete (obj as any).n
  const P = spy('ctor', Thing)
  // sync fallback ×1: Thing's constructor frame (through the construct trap)
  const t = new P(tick(3))
  eq([t.v, t.twice, t instanceof Thing], [3, 6, true], 'construct trap')
  const { m } = obj
  eq(m.call(obj, 7), 'm7', 'destructured method from proxy')
  eq([...spy('arr', [tick(1), 2])], [1, 2], 'spread of a proxied array')

  // Getters that call (hidden) functions, read in ordinary expressions and as callees.
  let reads = 0
  const withGetters = {
    get value() { reads++; return double(tick(5)) },
    get method() { reads++; return (x: number) => x + double(1) },
    get self() { reads++; return this },
  }
  // sync fallback ×2: the `value` getter: its tick and double's tick
  eq(withGetters.value + withGetters.method(tick(1)), 13, 'getters calling functions')
  eq(withGetters.self.self.method(0), 2, 'getter chain to a method call')
  eq(reads, 5, 'each getter read exactly once per access')
  const handlerLess = new Proxy(double, {})
  // sync fallback ×1: a call through a Proxy runs the target plainly (a twin is never run through a Proxy)
  eq([handlerLess(1), handlerLess.name, handlerLess.length], [2, 'double', 1], 'transparent proxy')
  const revocable = Proxy.revocable(() => tick('r'), {})
  // sync fallback ×1: a call through a Proxy runs the target plainly (a twin is never run through a Proxy)
  eq(revocable.proxy(), 'r', 'revocable proxy before revoke')
  revocable.revoke()
  // Inside a task the twin lookup reaches the revoked proxy first: 'get' instead of 'apply' (docs/unsupported.md).
  eq(/^TypeError: Cannot perform '(apply|get)' on a proxy that has been revoked$/.test(caught(() => revocable.proxy())), true, 'revoked proxy')
  return trace
}
