// Sealed classes (plan-sealed-classes.ts): more shapes the analysis already refuses to seal, beyond those of
// analysis-sealed-classes.ts and analysis-sealed-escapes.ts. Each case is a class that would be sealed but
// for one use that lets another module (the data: URL below) reach an instance, which then puts a method
// that suspends where the plain run calls it. Each names the rule of markSealedClasses or usedAsInstance it
// depends on: with that rule weakened alone in src/ (each was tried), the green run falls back to `load`'s
// sync implementation.
import { hidden, isGreen } from 'greenhack'
import { put, get } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const get = (o, k) => o[k]'

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

// Rule: an instance held in a field of an instance that escapes escapes with it, to a fixed point: here
// through two fields (Outer2 escapes, holds a Middle2, which holds an Inner2). Middle2 comes first in the
// text, so a single pass over the holders' stores would not reach Inner2.
class Inner2 {
  m2(): number { return 0 }
  run2(): number { return this.m2() + 1 }
}
class Middle2 {
  inner2 = new Inner2()
  go2(): number { return this.inner2.run2() }
}
class Outer2 {
  middle2 = new Middle2()
  go2(): number { return this.middle2.go2() }
  self2(): Outer2 { return this }
}
function twoDeep(): number {
  const x = new Outer2()
  put(get(get(x.self2(), 'middle2'), 'inner2'), 'm2', (): number => load(20))
  return x.go2()
}

// Rule: a field may hold an instance only if every value stored under its name is a `new` of one
// sealed class (instanceFields): here the constructor stores `this` itself, so `x.me3` is a plain read
// that gives the instance.
class Self3 {
  me3: Self3
  constructor() { this.me3 = this }
  m3(): number { return 0 }
  run3(): number { return this.m3() + 1 }
  peek3(): Self3 { return this.me3 }
}
function selfField(): number {
  const x = new Self3()
  put(x.me3, 'm3', (): number => load(30))
  return x.run3()
}

export default function main(): unknown {
  eq(load(0) + twoDeep(), 21, 'an instance two fields below an escaping one')
  eq(selfField(), 31, 'an instance stored in a field of itself')
  if (fell.length > 0) throw new Error(`hidden calls in the task ran their sync fallback: ${fell.join('; ')}`)
  return 'done'
}
