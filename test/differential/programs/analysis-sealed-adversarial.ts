// Sealed classes (plan-sealed-classes.ts) against shapes that analysis-sealed-classes.ts does not try. Each
// case below is a class the analysis seals (its spec ends in `, 1`, so its guard checks only its fields)
// although another module (the data: URL below) can reach its prototype, an instance, or stand in for an
// instance: the plain run then calls a method that another module replaced with one that suspends.
import { hidden, isGreen } from 'greenhack'
import { put } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

let seen = 0
const fell: string[] = []
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
  // Every case is run, so that a failure names all the shapes that still break the analysis.
  if (isGreen() && counters.sync !== seen) fell.push(what)
  seen = counters.sync
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Rule (a hole until it was added): `new.target` in a constructor is the class itself: its prototype reaches another module without
// the class's name being used.
let targetProto: object | undefined
class Targeted {
  constructor() { targetProto = new.target.prototype }
  m1(): number { return 0 }
  run1(): number { return this.m1() + 1 }
}
function targeted(): number {
  const x = new Targeted()
  put(targetProto, 'm1', (): number => load(10))
  return x.run1()
}

// Rule (a hole until it was added): a constructor that returns an object: `new Inner2(o)` is then `o`, not an instance, and the sealed
// guard of the field holding it (Holder2's `inner2`) no longer checks its prototype or its methods.
class Inner2 {
  constructor(o?: object) { if (o) return o }
  m2(): number { return 0 }
  run2(): number { return this.m2() + 1 }
}
class Holder2 {
  inner2: Inner2
  constructor(o?: object) { this.inner2 = new Inner2(o) }
  go2(): number { return this.inner2.run2() }
}
function overridden(): number {
  return new Holder2({ run2: (): number => load(20) + 1 }).go2()
}

// Rule (a hole until it was added): a call through a private name runs the function stored there with the instance as `this`; a
// function that is not a member (here in a private field) is not followed, and hands `this` back.
class Privy {
  #self3 = function (this: Privy): Privy { return this }
  m3(): number { return 0 }
  run3(): number { return this.m3() + 1 }
  patch3(f: () => number): void { put(this.#self3(), 'm3', f) }
}
function privy(): number {
  const x = new Privy()
  x.patch3((): number => load(30))
  return x.run3()
}

// Rule (a hole until it was added): `this.#inner4 = new Inner4()` is taken for a store into the public field `inner4` (a private name's
// `name` has no `#`), which another class fills with Inner4 instances only; but reads of `this.#inner4`
// are not followed, so the instance it holds is handed out.
class Inner4 {
  m4(): number { return 0 }
  run4(): number { return this.m4() + 1 }
}
class Public4 {
  inner4 = new Inner4()
  go4(): number { return this.inner4.run4() }
}
class Private4 {
  #inner4: Inner4
  constructor() { this.#inner4 = new Inner4() }
  leak4(): Inner4 { return this.#inner4 }
  go4(): number { return this.#inner4.run4() }
}
function privateField(): number {
  const p = new Private4()
  put(p.leak4(), 'm4', (): number => load(40))
  return p.go4() + new Public4().go4() - 1
}

export default function main(): unknown {
  eq(load(0) + targeted(), 11, '`new.target` in a constructor')
  eq(overridden(), 21, 'a constructor returning another object')
  eq(privy(), 31, 'a function in a private field returning `this`')
  eq(privateField(), 41, 'a private field named like a public instance field')
  if (fell.length > 0) throw new Error(`hidden calls in the task ran their sync fallback: ${fell.join('; ')}`)
  return 'done'
}
