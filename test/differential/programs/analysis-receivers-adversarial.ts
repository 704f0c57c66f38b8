// The receiver analysis (plan-receivers.ts, plan-receiver-writes.ts, plan-local-values.ts) lets guarded
// methods and module-level functions run as plain code. This program attacks the shortcuts with shapes that
// analysis-receivers*.ts do not try: a class name shadowed (a parameter, a function hoisted in a method, a
// catch binding), a static block that patches the class before it is complete, a made class whose method
// relies on another made class through a helper, a constructor that stores a method through a destructuring
// pattern, writes done from a `replace` callback (code that runs with no call edge) through assignments,
// destructuring and for…of targets, `this.constructor.trim()` taken for a string field, a class-typed field
// that holds a subclass instance, and a subclass reaching the guarded method through `super`. Each case
// names the rule it depends on: with that rule weakened in src/ (each was tried), the green run falls back to
// `load`'s sync implementation. Each case uses method names of its own, so that no write elsewhere in the module
// keeps its name out of the analysis (a written name is never resolved).
// Patches come from another module (the data: URL below). Any hidden call the task reaches must suspend.
import { hidden, isGreen } from 'greenhack'
import { put } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
  // The harness only checks that the task suspended at all: each case must suspend every time.
  if (isGreen() && counters.sync !== 0) throw new Error(`${what}: a hidden call in the task ran its sync fallback`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Rule: a class is a receiver class only if its name is bound once in the whole module
// (analyseReceivers, `bindings.counts.get(name) !== 1`): `new Named()` below is not the class.
class Named { named(): number { return 0 } }
class Loud { named(): number { return load(1) } }
function makeNamed(Named: any): number { return new Named().named() }
class Hoists {
  run(): number {
    const x = new Named()
    return x.named()
    function Named(): any { return { named: (): number => load(2) } }
  }
}
function caught(): number {
  try { throw Loud } catch (Named: any) { return new Named().named() }
}

// Rule: the spec's static block comes first in the class body (emit-classes.ts), so the originals it records
// are the methods as written, not what a static block of the class put there.
const loudPatched = (): number => load(3)
class Patched {
  static { put(this.prototype, 'patched', loudPatched) }
  patched(): number { return 0 }
  run(): number { return this.patched() }
}

// Rule: a function calling a function with a made-class guard gets that guard too (plan-suspension.ts), and
// so does a made class's method (its class's `protos`): Inner is made only by `inner`.
class Inner { ig(): number { return 0 } }
function inner(): number { return new Inner().ig() }
class Outer { og(): number { return inner() } }
function outer(): number { return new Outer().og() }
class UsesInner { run(): number { return inner() } }

// Rule: a constructor storing a method name makes the class's fresh instances unresolvable
// (instancesStartPlain), a destructuring target included (plan-receiver-writes.ts, store: patterns).
class Dest {
  constructor(src: any) { ({ dg: (this as any).dg } = src) }
  dg(): number { return 0 }
}
function dest(): number { return new Dest({ dg: (): number => load(4) }).dg() }

// Rule: the write scan sees every member write of the module, wherever it runs: a `replace` callback runs
// in the middle of the plain run with no call edge, so only the scan keeps these names unresolved. Each case
// writes a name of its own, so that each kind of write (assignment, object pattern, array pattern, for…of
// target: plan-receiver-writes.ts, store) is the only one keeping its name out.
const evil = { charCodeAt: (): number => load(5) }
class Writes {
  t1: any = 'abc'
  t2: any = 'abc'
  wa(): number { return 0 }
  wp(): number { return 0 }
  assign(): number { return 'x'.replace('x', (): string => { (this as any).wa = (): number => load(6); return '' }).length + this.wa() }
  pattern(): number { return 'x'.replace('x', (): string => { ({ wp: (this as any).wp } = { wp: (): number => load(7) }); return '' }).length + this.wp() }
  array(): number { return 'x'.replace('x', (): string => { [this.t1] = [evil]; return '' }).length + this.t1.charCodeAt(0) }
  forOf(): number { return 'x'.replace('x', (): string => { for (this.t2 of [evil]); return '' }).length + this.t2.charCodeAt(0) }
}

// Rule: a field resolved as a string is checked with `typeof … === 'string'` at entry (receiver-guard.ts):
// `this.constructor.trim()` looks like a string method on a field, but reaches a static method.
class Statics {
  static trim(): number { return load(8) }
  run(): number { return (this.constructor as any).trim() }
}

// Rule: a class-typed field's value must have exactly its class's prototype (receiverIsPlain, nested).
class Leaf { at(): number { return 0 } }
class LoudLeaf extends Leaf { at(): number { return load(9) } }
class Tree {
  leaf: Leaf
  constructor() { this.leaf = new Leaf() }
  run(): number { return this.leaf.at() }
}

// Rule: the receiver's prototype must be exactly the class's: a subclass instance reaching the guarded
// method through `super` takes the full twin.
class Walk {
  step(): number { return 0 }
  run(): number { return this.step() + 1 }
}
class LoudWalk extends Walk {
  step(): number { return load(10) }
  run(): number { return super.run() * 2 }
}

export default function main(): unknown {
  eq(makeNamed(Loud), 1, 'a parameter named like a class')
  eq(makeNamed(Named), 0, 'the class itself through the parameter')
  eq(new Hoists().run(), 2, 'a function hoisted in a method, named like a class')
  eq(caught(), 1, 'a catch binding named like a class')
  eq(new Patched().run(), 3, 'a static block patched the prototype before the spec was taken')

  const original = Inner.prototype.ig
  put(Inner.prototype, 'ig', (): number => load(11))
  try {
    eq(inner(), 11, 'a made class patched')
    eq(outer(), 11, 'a made class whose method makes the patched one')
    eq(new UsesInner().run(), 11, 'a method calling a function that makes the patched class')
  } finally { put(Inner.prototype, 'ig', original) }
  eq(outer(), 0, 'restored: plain again')

  eq(dest(), 4, 'a constructor storing a method through a destructuring pattern')
  eq(new Writes().assign(), 6, 'a method written from a replace callback')
  eq(new Writes().pattern(), 7, 'a method written through a pattern from a replace callback')
  eq(new Writes().array(), 5, 'a string field written through an array pattern')
  eq(new Writes().forOf(), 5, 'a string field written as a for…of target')
  eq(new Statics().run(), 8, 'this.constructor taken for a string field')

  const tree = new Tree()
  eq(tree.run(), 0, 'a plain tree')
  put(tree, 'leaf', new LoudLeaf())
  eq(tree.run(), 9, 'a class-typed field holding a subclass instance')
  eq(new LoudWalk().run(), 22, 'a subclass reaching the guarded method through super')
  return 'done'
}
