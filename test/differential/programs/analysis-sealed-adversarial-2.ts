// Sealed classes (plan-sealed-classes.ts), a second adversarial round: shapes that neither
// analysis-sealed-classes.ts, analysis-sealed-escapes.ts nor analysis-sealed-adversarial.ts tries. Each case
// is a class that another module (the data: URL below) reaches, which then puts a method that suspends
// where the plain run calls it; a case marked "Hole" was sealed all the same (its spec ended in `, 1`: its
// guard checked only its fields) until its rule was added, and the green run fell back to `load`'s sync
// implementation.
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

// Hole: `this.inner1 = new Inner1()` in a constructor is taken for a store into a field that holds only
// Inner1 instances, but the holder's class defines a setter under that name: the assignment calls it with
// the instance, which the setter keeps in a variable (and under a field of its own), from where it is
// handed to another module. (The setter calls nothing: an accessor that calls out would turn every
// receiver fact of the module off, plan-foreign-code.ts.)
let kept1: Inner1 | undefined
class Inner1 {
  m1(): number { return 0 }
  run1(): number { return this.m1() + 1 }
}
class Holder1 {
  declare box1: Inner1
  constructor() { this.inner1 = new Inner1() }
  set inner1(v: Inner1) {
    this.box1 = v
    kept1 = v
  }
  go1(): number { return this.box1.run1() }
}
function setter(): number {
  const x = new Holder1()
  put(kept1, 'm1', (): number => load(10))
  return x.go1()
}

export default function main(): unknown {
  eq(load(0) + setter(), 11, 'a setter under the name of a field holding instances')
  if (fell.length > 0) throw new Error(`hidden calls in the task ran their sync fallback: ${fell.join('; ')}`)
  return 'done'
}
