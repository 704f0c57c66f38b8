// A guarded method runs its original as plain code when its receiver facts hold at entry; they must stay
// true while it runs, so only this module's code may run then (plan-foreign-code.ts). This program runs
// another module's code in the middle of such methods without a call the analysis sees: a constructor
// (`new Patch(this)`), a tag function, a superclass's constructor, a constructor of this module that calls
// out, a field initialiser and a static block that call out; that code gives the receiver (or a local
// array) an own method that suspends. Any hidden call the task reaches must suspend (no sync fallback).
import { hidden, isGreen } from 'greenhack'
import { arm, hold, hook, hookHeld, tag, Patch, Parent } from 'data:text/javascript,let armed = null; let held = null; export const arm = (k, f) => { armed = [k, f] }; const fire = (o) => { if (armed && o) { const [k, f] = armed; armed = null; o[k] = f } }; export class Patch { constructor(o) { fire(o) } }; export const tag = (s, o) => { fire(o); return s[0] }; export class Parent { constructor(o) { fire(o) } }; export const hook = (o) => { fire(o); return 0 }; export const hold = (o) => { held = o }; export const hookHeld = () => { fire(held); return 0 }'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Constructors of this module that run another module's code.
class Hooked { constructor(o: object) { hook(o) } }
class Fielded { mark = hookHeld() }
class Child extends Parent {}
class Span {
  size(): number { return 1 }
}
function construct(o: object): void { new Patch(o) }

class Counter {
  base(): number { return 1 }
  viaNew(): number { new Patch(this); return this.base() }
  viaTag(): number { const s = tag`x${this}`; return this.base() + s.length - 1 }
  viaHelper(): number { construct(this); return this.base() }
  viaLocal(): number { new Hooked(this); return this.base() }
  viaField(): number { new Fielded(); return this.base() }
  viaDerived(): number { new Child(this); return this.base() }
  viaStatic(): number {
    class Inner { static { hookHeld() } }
    return this.base() + (Inner === undefined ? 1 : 0)
  }
  viaArray(): number { const xs = [1]; new Patch(xs); return xs.push(2) }
}
// A module-level function relying on a class it makes.
function made(): number { const span = new Span(); new Patch(span); return span.size() }

export default function main(): unknown {
  const suspending = function (this: unknown): number { return load(7) }
  eq(new Counter().viaNew(), 1, 'nothing armed: the method as written')
  arm('base', suspending)
  eq(new Counter().viaNew(), 7, "another module's constructor")
  arm('base', suspending)
  eq(new Counter().viaTag(), 7, "another module's tag function")
  arm('base', suspending)
  eq(new Counter().viaHelper(), 7, "another module's constructor, through a helper")
  arm('base', suspending)
  eq(new Counter().viaLocal(), 7, "this module's constructor calling another module")
  const fielded = new Counter()
  hold(fielded)
  arm('base', suspending)
  eq(fielded.viaField(), 7, 'a field initialiser calling another module')
  arm('base', suspending)
  eq(new Counter().viaDerived(), 7, "a superclass of another module")
  const inner = new Counter()
  hold(inner)
  arm('base', suspending)
  eq(inner.viaStatic(), 7, 'a static block calling another module')
  arm('push', function (this: unknown, n: number): number { return load(n + 40) })
  eq(new Counter().viaArray(), 42, "an array literal's method given by another module")
  arm('size', suspending)
  eq(made(), 7, 'a module-level function and the class it makes')
  eq(made(), 1, 'the same, nothing armed')

  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return ['done']
}
