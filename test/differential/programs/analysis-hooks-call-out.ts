// Receiver facts hold while only this module's code runs; this module's own hooks can run in the middle of
// a plain run with no call in sight (a getter, `toString` in a template, an element's `toString` under
// `join`, a setter, a coercion hook of an object literal) and call another module from there, which then
// gives the receiver (or a local array, or a made instance) an own method that suspends. If any hook of
// the module calls out, no function of the module keeps receiver facts (plan-foreign-code.ts).
import { hidden, isGreen } from 'greenhack'
import { arm } from 'data:text/javascript,export const arm = (o, k, f) => { o[k] = f }'

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

// The class's own toString and getter call out.
class Ts {
  toString(): string { arm(this, 'go1', (): number => load(25)); return 'x' }
  go1(): number { return 0 }
  run(): number { const s = `${this}`; return this.go1() + s.length - 1 }
}
class Gt {
  get size(): number { arm(this, 'go2', (): number => load(26)); return 1 }
  go2(): number { return 0 }
  run(): number { return this.size + this.go2() - 1 }
}
// An element's toString, run by `join` on a local array literal.
class Joined {
  run(): number {
    const xs: unknown[] = []
    xs.push({ toString: (): string => { arm(xs, 'push', (): number => load(28)); return 'a' } })
    const joined = xs.join()
    return xs.push(1) + joined.length - 1
  }
}
// `Object` reached through a value, in a hook: a definition the write scan cannot name.
const O = ({}).constructor as ObjectConstructor
class Aliased {
  hook = { toString: (): string => { O.defineProperty(this, 'go3', { value: (): number => load(13) }); return '' } }
  go3(): number { return 0 }
  run(): number { const s = `${this.hook}`; return this.go3() + s.length }
}
// A derived class whose base returns the object it is given: its fields land on an existing object, from a
// hook of a literal in a module-level function, and from one of this module's setters.
class Base { constructor(o: any) { return o } }
class Stamp extends Base { go4 = (): number => load(7) }
class Made { go4(): number { return 0 } }
function stamped(): number {
  const x = new Made()
  const s = `${{ toString: (): string => { new Stamp(x); return '' } }}`
  return x.go4() + s.length
}
class Setter {
  set mark(v: number) { new Stamp(this) }
  go4(): number { return 0 }
  run(): number { this.mark = 1; return this.go4() }
}

export default function main(): unknown {
  eq(new Ts().run(), 25, 'own toString calls out')
  eq(new Gt().run(), 26, 'own getter calls out')
  eq(new Joined().run(), 28, "an element's toString called by join calls out")
  eq(new Aliased().run(), 13, 'Object reached through a value, in a hook')
  eq(stamped(), 7, 'a derived class stamps a made instance from a hook')
  eq(new Setter().run(), 7, 'a setter of this module stamps the receiver')
  return ['done']
}
