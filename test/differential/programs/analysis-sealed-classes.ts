// Sealed classes (plan-sealed-classes.ts): a module-private class whose prototype and instances no other
// module can reach has a receiver guard that checks only its fields. Each case below is a class that would
// be sealed but for one use that hands the instance, its prototype or a method to another module (the data:
// URL below), which then puts a method that suspends where the plain run would call it: the guard must see
// it, and the hidden call must suspend. Each case names the rule it breaks; the last cases are sealed
// classes that must still work, and still check their fields.
import { hidden, isGreen } from 'greenhack'
import { put, get } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const get = (o, k) => o[k]'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
  if (isGreen() && counters.sync !== 0) throw new Error(`${what}: a hidden call in the task ran its sync fallback`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Rule: `this` returned from a method.
class Returned {
  m1(): number { return 0 }
  run1(): number { return this.m1() + 1 }
  self1(): Returned { return this }
}
function returned(): number {
  const x = new Returned()
  put(x.self1(), 'm1', (): number => load(10))
  return x.run1()
}

// Rule: an instance passed as an argument.
class Passed {
  m2(): number { return 0 }
  run2(): number { return this.m2() + 1 }
}
function passed(): number {
  const x = new Passed()
  put(x, 'm2', (): number => load(20))
  return x.run2()
}

// Rule: `constructor` read from an instance (its prototype is then anyone's).
class Constructed {
  m3(): number { return 0 }
  run3(): number { return this.m3() + 1 }
}
function constructed(): number {
  const x = new Constructed()
  put(get(x.constructor, 'prototype'), 'm3', (): number => load(30))
  return x.run3()
}

// Rule: a method read without being called: another object can run its twin with itself as `this`.
class Borrowed {
  s4 = 'abc'
  m4(): number { return 0 }
  run4(): number { return this.m4() + this.s4.length }
}
function borrowed(): number {
  const x = new Borrowed()
  const fake = { s4: 'xyz', m4: (): number => load(40), run4: x.run4 }
  return fake.run4()
}

// Rule: `super` in a member (`super.valueOf()` is the instance).
class Supered {
  m5(): number { return 0 }
  run5(): number { return this.m5() + 1 }
  leak5(): Supered { return super.valueOf() as Supered }
}
function supered(): number {
  const x = new Supered()
  put(x.leak5(), 'm5', (): number => load(50))
  return x.run5()
}

// Rule: an instance stored in an array.
class Listed {
  m6(): number { return 0 }
  run6(): number { return this.m6() + 1 }
}
function listed(): number {
  const x = new Listed()
  const list = [x]
  put(list[0], 'm6', (): number => load(60))
  return x.run6()
}

// Rule: the class's name used other than in `new`.
class Named {
  m7(): number { return 0 }
  run7(): number { return this.m7() + 1 }
}
function named(): number {
  const original = Named.prototype.m7
  put(Named.prototype, 'm7', (): number => load(70))
  try {
    return new Named().run7()
  } finally {
    put(Named.prototype, 'm7', original)
  }
}

// Rule: an instance held in a field of an instance that escapes escapes with it. (Each field has a name
// of its own: a name that holds instances of two classes is no instance field at all.)
class Inner8 {
  m8(): number { return 0 }
  run8(): number { return this.m8() + 1 }
}
class Holder8 {
  inner8: Inner8
  constructor() { this.inner8 = new Inner8() }
  go8(): number { return this.inner8.run8() }
}
function held(): number {
  const h = new Holder8()
  put(get(h, 'inner8'), 'm8', (): number => load(80))
  return h.go8()
}

// Rule: a field holding instances read and handed out.
class Inner9 {
  m9(): number { return 0 }
  run9(): number { return this.m9() + 1 }
}
class Holder9 {
  inner9 = new Inner9()
  leak9(): Inner9 { return this.inner9 }
  go9(): number { return this.inner9.run9() }
}
function fieldLeaked(): number {
  const h = new Holder9()
  put(h.leak9(), 'm9', (): number => load(90))
  return h.go9()
}

// Rule: `this` captured by an arrow that returns it.
class Captured {
  m10(): number { return 0 }
  run10(): number { return this.m10() + 1 }
  grab10(): () => Captured { return () => this }
}
function captured(): number {
  const x = new Captured()
  put(x.grab10()(), 'm10', (): number => load(100))
  return x.run10()
}

// Rule: `this` copied to a local.
class Aliased {
  m11(): number { return 0 }
  run11(): number { return this.m11() + 1 }
  share11(v: () => number): void { const me = this; put(me, 'm11', v) }
}
function aliased(): number {
  const x = new Aliased()
  x.share11((): number => load(110))
  return x.run11()
}

// Rule: an instance kept in a module-level constant (its references are not followed).
class Kept {
  m12(): number { return 0 }
  run12(): number { return this.m12() + 1 }
}
const KEPT = new Kept()
function kept(): number {
  put(KEPT, 'm12', (): number => load(120))
  return KEPT.run12()
}

// Rule: an instance in an object literal.
class Boxed {
  m13(): number { return 0 }
  run13(): number { return this.m13() + 1 }
}
function boxed(): number {
  const x = new Boxed()
  const box = { x }
  put(box.x, 'm13', (): number => load(130))
  return x.run13()
}

// Sealed, and its guard still checks what its fields hold: a field that is not a string.
class Tok {
  src: any
  constructor(src: any) { this.src = src }
  first(): number { return this.src.charCodeAt(0) }
  next(): number { return this.first() + 1 }
}
function notString(): number {
  return new Tok({ charCodeAt: (): number => load(140) }).next()
}

// Sealed, all of them: a lexer inside a parser, made and called only here. Plain below the first twin.
class Lexer {
  pos = 0
  src: string
  constructor(src: string) { this.src = src }
  peek(): number { return this.src.charCodeAt(this.pos) - 48 }
  take(): number { const d = this.peek(); this.pos++; return d }
  done(): boolean { return this.pos >= this.src.length }
}
class Summer {
  lexer: Lexer
  constructor(src: string) { this.lexer = new Lexer(src) }
  digit(): number { return this.lexer.take() }
  total(): number { let sum = 0; while (!this.lexer.done()) sum += this.digit(); return sum }
}
function summed(texts: string[]): number {
  let sum = 0
  for (let i = 0; i < texts.length; i++) sum += load(0) + new Summer(texts[i]).total()
  return sum
}

export default function main(): unknown {
  eq(returned(), 11, '`this` returned')
  eq(passed(), 21, 'an instance passed')
  eq(constructed(), 31, '`constructor` read')
  eq(borrowed(), 43, 'a method read without a call')
  eq(supered(), 51, '`super` in a member')
  eq(listed(), 61, 'an instance in an array')
  eq(named(), 71, 'the class name used')
  eq(named(), 71, 'the class name used (again: restored in between)')
  eq(held(), 81, 'an instance in a field of an escaping instance')
  eq(fieldLeaked(), 91, 'a field holding an instance handed out')
  eq(captured(), 101, '`this` in an arrow')
  eq(aliased(), 111, '`this` in a local')
  eq(kept(), 121, 'an instance in a module-level constant')
  eq(boxed(), 131, 'an instance in an object literal')
  eq(notString(), 141, 'a sealed class whose field is not a string')
  eq(summed(['123', '45', '']), 15, 'sealed classes, plain')
  return 'done'
}
