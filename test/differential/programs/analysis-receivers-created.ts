// Methods that call `new C().m()` or `x.m()` on a `const x = new C()` of their own body keep a twin that
// runs the original as plain code when C's prototype still holds the methods as written (plan-receivers.ts,
// createdClass). This program tries to break that: C's method replaced from another module, on C and on a
// class C's methods make in turn; classes whose fresh instances can hold something else under the method's
// name (a constructor that stores it, calls code that stores it, returns another object, a superclass, a
// field initialiser that calls out, a field holding an object that suspends); a local of the same name in a
// nested block, where the name after the block is another binding. Patches come from another module (the
// data: URL below); any hidden call the task reaches must suspend (no sync fallback).
import { hidden, isGreen } from 'greenhack'
import { put, stamp, Base } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const stamp = (o, k, f) => { o[k] = f; return 0 }; export class Base { constructor(f) { if (f) this.size = f } }'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// All plain: Span's methods call each other; Ruler makes Spans and calls them.
class Span {
  from: number
  to: number
  constructor(from: number, to: number) { this.from = from; this.to = to }
  size(): number { return this.to - this.from }
  grow(n: number): number { return this.size() + n }
}
class Ruler {
  measure(n: number): number {
    const span = new Span(0, n)
    return span.grow(1) + new Span(1, 3).size()
  }
}
// Crate makes only Boxes: Span's methods are checked through Box's guard.
class Crate {
  open(n: number): number { return new Box(n).span() }
}
// Box's methods make Spans in turn: a patched Span must be seen through Box.
class Box {
  n: number
  constructor(n: number) { this.n = n }
  span(): number { return new Span(0, this.n).size() }
}

// The constructor stores the method's name: `size` is an own property of every instance.
class Stored {
  constructor(f: () => number) { (this as { size: () => number }).size = f }
  size(): number { return 0 }
}
// The constructor hands `this` to code of another module, which stores under the name.
class Stamped {
  constructor(f: () => number) { stamp(this, 'size', f) }
  size(): number { return 0 }
}
// The constructor returns another object.
class Returned {
  constructor(f: () => number) { return { size: f } as unknown as Returned }
  size(): number { return 0 }
}
// A superclass (of another module) stores under the name.
class Derived extends Base {
  size(): number { return 0 }
}
// A field initialiser calls out, and the code it calls stores under the name.
class Initialised {
  mark = stamp(this, 'size', (): number => load(15))
  size(): number { return 0 }
}
// A field holds what the constructor was given: an object whose `charCodeAt` suspends.
class Texts {
  text: string
  constructor(text: string) { this.text = text }
  first(): number { return this.text.charCodeAt(0) }
}
// Module-level functions make Spans too: the one making them, its caller, and a method calling it.
function spanOf(n: number): number { return new Span(0, n).grow(0) }
const measured = (n: number): number => spanOf(n) + 1
class Tape {
  length(n: number): number { return spanOf(n) * 2 }
}
const span = { grow: (n: number): number => load(n + 20) }
const list = { push: (n: number): number => load(n + 30) }
// The values handed to the constructors are made at the top level: a function written inside a method
// counts as called by it (plan-foreign-code.ts), which would hide the rule each case is about.
const load11 = (): number => load(11)
const load12 = (): number => load(12)
const load13 = (): number => load(13)
const load14 = (): number => load(14)
const suspendingText = { charCodeAt: (): number => load(16) } as unknown as string
class Users {
  stored(): number { return new Stored(load11).size() }
  stamped(): number { const made = new Stamped(load12); return made.size() }
  returned(): number { return new Returned(load13).size() }
  derived(): number { return new Derived(load14).size() }
  initialised(): number { return new Initialised().size() }
  texts(): number { return new Texts(suspendingText).first() }
  shadowed(flag: boolean): number {
    if (flag) { const span = new Span(0, 1); return span.size() }
    return span.grow(1)
  }
  // A name bound at the top and again in a nested block: inside the block it is the other binding.
  rebound(): number {
    const made = new Span(0, 2)
    const items = [1]
    { const made = { size: (): number => load(90) }; const items = { push: (n: number): number => load(n + 90) }; return made.size() + items.push(1) }
  }
  arrays(flag: boolean): number {
    if (flag) { const list = [1]; list.push(2) }
    return list.push(2)
  }
}

export default function main(): unknown {
  const ruler = new Ruler()
  eq(ruler.measure(4), 5 + 2, 'plain classes, fast path')
  eq(new Crate().open(3), 3, 'a class made by a class made here')

  const grow = Span.prototype.grow
  put(Span.prototype, 'grow', function (this: Span, n: number): number { return load(n) })
  eq(ruler.measure(4), 1 + 2, 'prototype method of the made class replaced from another module')
  eq(spanOf(4), 0, 'a module-level function making the class, method replaced')
  eq(measured(4), 1, 'its caller')
  eq(new Tape().length(4), 0, 'a method calling it')
  put(Span.prototype, 'grow', grow)
  eq(ruler.measure(4), 5 + 2, 'prototype restored')
  eq(measured(4), 5, 'a module-level function making the class, restored')

  const size = Span.prototype.size
  put(Span.prototype, 'size', function (this: Span): number { return load(9) })
  eq(new Crate().open(3), 9, 'a method of a class made two levels down replaced')
  put(Span.prototype, 'size', size)
  eq(new Crate().open(3), 3, 'restored again')

  const users = new Users()
  eq(users.stored(), 11, 'the constructor stores the method name')
  eq(users.stamped(), 12, 'the constructor passes this to code that stores the name')
  eq(users.returned(), 13, 'the constructor returns another object')
  eq(users.derived(), 14, 'a superclass stores the name')
  eq(users.initialised(), 15, 'a field initialiser calls code that stores the name')
  eq(users.texts(), 16, 'a field holding an object whose method suspends')
  eq(users.shadowed(false), 21, 'a name declared in a nested block, used after it')
  eq(users.shadowed(true), 1, 'the same name inside the block')
  eq(users.rebound(), 90 + 91, 'a made instance and an array literal rebound in a nested block')
  eq(users.arrays(false), 32, 'an array literal declared in a nested block, another binding after it')
  eq(users.arrays(true), 32, 'the same, after the block ran')

  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return ['done']
}
