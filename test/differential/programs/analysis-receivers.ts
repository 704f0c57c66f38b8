// Methods that call `this.m()` and `this.field.m()` keep a twin that runs the original as plain code
// when the receiver is an ordinary instance of exactly their class (src/transform/passes/plan-receivers.ts).
// This program tries to break that: a subclass overriding with a suspending method, a patched prototype,
// an own property and an own getter shadowing a method, the method extracted and called on another
// object and on a Proxy, fields replaced by objects that suspend, a changed prototype, a method name
// shared with a class whose method suspends, and this module writing a method or field while a method
// runs. Patches come from another module (the data: URL below), as they would from other code; any
// hidden call the task reaches must suspend (no sync fallback).
import { hidden, isGreen } from 'greenhack'
import { put, setProto, getter } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const setProto = (o, p) => Object.setPrototypeOf(o, p); export const getter = (o, k, f) => Object.defineProperty(o, k, { get: f, configurable: true });'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// All plain: Walker's methods resolve `this.step()` and `this.cursor.advance()`, Cursor's `this.text.charCodeAt()`.
class Cursor {
  pos = 0
  text: string
  constructor(text: string) { this.text = text }
  peek(): number { return this.text.charCodeAt(this.pos) % 10 }
  advance(): number { this.pos++; return this.peek() }
}
class Walker {
  cursor: Cursor
  constructor(text: string) { this.cursor = new Cursor(text) }
  step(): number { return this.cursor.advance() }
  run(n: number): number {
    let sum = 0
    for (let i = 0; i < n; i++) sum += this.step()
    return sum
  }
  twice(): number { return this.run(1) + this.run(1) }
}

// A subclass overriding `step` with a method that suspends: Walker.run must reach it through its twin.
class Loud extends Walker {
  step(): number { return load(100) }
}

// Shares the name `next` with Counter's plain method, but suspends.
class Stream {
  next(): number { return load(200) }
}
class Counter {
  n = 0
  next(): number { return ++this.n }
  take(k: number): number { let last = 0; for (let i = 0; i < k; i++) last = this.next(); return last }
}
function pull(source: { next(): number }): number { return source.next() }

// This module replaces a method while one of Swapper's methods runs: `go` is written, so never resolved.
class Swapper {
  run(): number { this.swap(); return this.go() }
  swap(): void { this.go = (): number => load(300) }
  go(): number { return 0 }
}
// … and a field: `part` is written outside a constructor, so `this.part.peek()` is not resolved.
class Holder {
  part: { peek(): number }
  constructor() { this.part = new Cursor('x') }
  use(): number { this.reset(); return this.part.peek() }
  reset(): void { this.part = { peek: (): number => load(400) } }
}

export default function main(): unknown {
  const trace: unknown[] = []
  eq(new Walker('abcd').run(3), 8 + 9 + 0, 'plain instance, fast path') // char codes % 10 of b, c, d
  eq(new Walker('abcd').twice(), 8 + 9, 'plain instance, nested fast entries')
  eq(new Loud('ab').run(2), 200, 'subclass overriding step with a suspending method')
  eq(new Counter().take(3), 3, 'a plain method named like a suspending one')
  eq(pull(new Stream()), 200, 'the suspending method of the same name')
  eq(pull(new Counter()), 1, 'the plain one through the same call site')

  const original = Walker.prototype.step
  put(Walker.prototype, 'step', function (this: Walker): number { return load(1) })
  eq(new Walker('ab').run(2), 2, 'prototype method replaced from another module')
  put(Walker.prototype, 'step', original)
  eq(new Walker('abc').run(2), 8 + 9, 'prototype restored')

  const own = new Walker('ab')
  put(own, 'step', (): number => load(3))
  eq(own.run(2), 6, 'own property shadowing the method')

  const viaGetter = new Walker('ab')
  getter(viaGetter, 'step', () => (): number => load(4))
  eq(viaGetter.run(1), 4, 'own getter shadowing the method')

  const run = Walker.prototype.run
  eq(run.call({ step: (): number => load(5) }, 2), 10, 'method extracted and called on another object')
  const twice = Walker.prototype.twice
  const other = { run: (n: number): number => load(n + 5), twice }
  eq(other.twice(), 12, 'method stored on another object') // (bound functions never suspend: docs/unsupported.md)

  const proxy = new Proxy(new Walker('ab'), { get: (target, key) => (key === 'step' ? (): number => load(6) : Reflect.get(target, key)) })
  eq(proxy.run(2), 12, 'a Proxy around an instance')

  const swappedCursor = new Walker('ab')
  put(swappedCursor, 'cursor', { advance: (): number => load(7) })
  eq(swappedCursor.run(1), 7, 'class-typed field replaced by an object that suspends')

  const swappedText = new Walker('ab')
  put(swappedText.cursor, 'text', { charCodeAt: (): number => load(8) })
  eq(swappedText.run(1), 8, 'string field replaced by an object whose charCodeAt suspends')

  const reparented = new Walker('ab')
  setProto(reparented, Loud.prototype)
  eq(reparented.run(1), 100, 'prototype of an instance changed')

  eq(new Swapper().run(), 300, 'this module replaces a method mid-run')
  eq(new Holder().use(), 400, 'this module replaces a field mid-run')

  trace.push('done')
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return trace
}
