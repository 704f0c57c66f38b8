// Sealed classes (plan-sealed-classes.ts): shapes the analysis already refuses to seal, beyond those of
// analysis-sealed-classes.ts. Each case is a class that would be sealed but for one use that hands its
// prototype or an instance to another module (the data: URL below), which then puts a method that suspends
// where the plain run calls it. Each names the rule of markSealedClasses or usedAsInstance it depends on:
// with that rule weakened alone in src/ (each was tried), the green run falls back to `load`'s sync
// implementation. (No case deletes a member: a `delete` anywhere turns the receiver analysis off.)
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

// Rule: a class with static parts is not sealed (in a static block `this` is the class, and `this.prototype`
// reads as an ordinary property of an instance would).
let staticProto: any
class Statics {
  static { staticProto = this.prototype }
  m1(): number { return 0 }
  run1(): number { return this.m1() + 1 }
}
function statics(): number {
  put(staticProto, 'm1', (): number => load(10))
  return new Statics().run1()
}

// Rule: a class with `extends` is not sealed (its superclass's constructor can hand out `this`).
class Base2 {
  constructor() { put(this, 'm2', (): number => load(20)) }
}
class Derived2 extends Base2 {
  m2(): number { return 0 }
  run2(): number { return this.m2() + 1 }
}
function derived(): number { return new Derived2().run2() }

// Rule: `this` in an accessor of the class is an instance too.
class Getter3 {
  get self3(): Getter3 { return this }
  m3(): number { return 0 }
  run3(): number { return this.m3() + 1 }
}
function getter(): number {
  const x = new Getter3()
  put(x.self3, 'm3', (): number => load(30))
  return x.run3()
}

// Rule: `this` in a field initialiser (here an arrow's) is an instance too. (The arrow is read, then
// called, so that the rule for calling a name that is no method does not catch it first.)
class Arrow4 {
  grab4 = (): Arrow4 => this
  m4(): number { return 0 }
  run4(): number { return this.m4() + 1 }
}
function fieldArrow(): number {
  const x = new Arrow4()
  const grab = x.grab4
  put(grab(), 'm4', (): number => load(40))
  return x.run4()
}

// Rule: a call of a name that is not one of the class's methods (a function in a field) runs it with the
// instance as `this`, where it is not followed.
class Called5 {
  self5 = function (this: Called5): Called5 { return this }
  m5(): number { return 0 }
  run5(): number { return this.m5() + 1 }
}
function fieldCalled(): number {
  const x = new Called5()
  put(x.self5(), 'm5', (): number => load(50))
  return x.run5()
}

// Rule: a tag (`` x.f`…` ``) is called with the instance as `this` too.
class Tagged6 {
  self6 = function (this: Tagged6): Tagged6 { return this }
  m6(): number { return 0 }
  run6(): number { return this.m6() + 1 }
}
function tagged(): number {
  const x = new Tagged6()
  put(x.self6`tag`, 'm6', (): number => load(60))
  return x.run6()
}

// Rule: `__proto__` read from an instance is its prototype.
class Protod7 {
  m7(): number { return 0 }
  run7(): number { return this.m7() + 1 }
}
function protoRead(): number {
  const x = new Protod7()
  const p = (x as any).__proto__
  put(p, 'm7', (): number => load(70))
  return x.run7()
}

// Rule: a field initialiser may store an instance only under a field that holds instances of the class
// (`me8 = this` would make `x.me8` a plain read that gives the instance).
class Selfish8 {
  me8 = this
  m8(): number { return 0 }
  run8(): number { return this.m8() + 1 }
}
function fieldThis(): number {
  const x = new Selfish8()
  put(x.me8, 'm8', (): number => load(80))
  return x.run8()
}

// Rule: an instance held in a field of an instance that escapes (here by destructuring `this`) escapes
// with it (the fixed point over the holders' stores).
class Inner9 {
  m9(): number { return 0 }
  run9(): number { return this.m9() + 1 }
}
class Holder9 {
  inner9 = new Inner9()
  leak9(): Inner9 { const { inner9 } = this; return inner9 }
  go9(): number { return this.inner9.run9() }
}
function destructured(): number {
  const h = new Holder9()
  put(get(h, 'inner9'), 'm9', (): number => load(90))
  return h.go9()
}

// Rule: `this` in a member's parameters (a default value) is an instance too.
class Defaulted10 {
  m10(): number { return 0 }
  run10(): number { return this.m10() + 1 }
  me10(x: any = this): any { return x }
}
function defaulted(): number {
  const x = new Defaulted10()
  put(x.me10(), 'm10', (): number => load(100))
  return x.run10()
}

export default function main(): unknown {
  eq(load(0) + statics(), 11, 'static block')
  eq(derived(), 21, 'extends')
  eq(getter(), 31, 'getter')
  eq(fieldArrow(), 41, 'field arrow')
  eq(fieldCalled(), 51, 'field function called')
  eq(tagged(), 61, 'field function as tag')
  eq(protoRead(), 71, '__proto__ read')
  eq(fieldThis(), 81, 'field storing this')
  eq(destructured(), 91, 'destructured holder')
  eq(defaulted(), 101, 'default parameter')
  return 'done'
}
