// `super`: super.method() in methods, in arrows inside methods, in static methods, in object literals
// (home object), super property reads through getters, multi-level chains, super calls with hidden-call
// arguments, and super() in derived constructors.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 16 }  // 16 = 10 (constructors and field initialisers) + 6 (arrows and object literal methods using super), annotated below
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
const log = (x: unknown): void => { trace.push(x) }
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (!Object.is(actual, expected) && (typeof actual !== 'object' || a !== e)) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'tick' })
function caught(f: () => unknown): string {
  try { return JSON.stringify(f()) } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` }
}

class Base {
  tag: string
  // sync fallback ×5: a constructor frame: new Leaf, Leaf.create, new FieldArrows, and new Twice (super() twice)
  constructor(tag: string) { this.tag = tick(tag); log('Base ctor ' + tag) }
  describe(x: unknown) { return `Base(${this.tag},${tick(x)})` }
  get kind() { return 'base-kind:' + this.tag }
  static create(t: string) { return new this(t) }
  static who() { return 'Base.who<' + this.name + '>' }
  chain() { return ['Base'] }
}
class Mid extends Base {
  // sync fallback ×2: a constructor frame: new Leaf and Leaf.create
  constructor(tag: string) { super(tick('mid-' + tag)); log('Mid ctor') }
  describe(x: unknown) { return 'Mid>' + super.describe(tick(x)) }
  get kind() { return 'mid/' + super.kind }
  static who() { return 'Mid.who>' + super.who() }
  chain() { return [...super.chain(), 'Mid'] }
  // sync fallback ×2: an arrow using super has no twin (a transform diagnostic); map calls it plainly twice
  arrowSuper() { const f = (y: number) => super.describe(y * 2); return [1, 2].map(f) }
  deepArrowSuper() { return (() => () => super.chain())()() }
  superInCallback() { return [tick(1)].map(function (this: unknown) { return typeof this }).concat([super.describe('cb')]) }
  superDynamic(name: string) { return (super[name as 'describe'] as any)('dyn') }
  superWithThisChange() { return super.describe.call({ tag: 'other' }, 'x') }
}
class FieldArrows extends Base {
  // sync fallback ×1: an arrow using super has no twin (a transform diagnostic)
  viaField = (x: unknown) => 'field>' + super.describe(x)
  maybeSuper() { return [(super.describe as any)?.call(this, 'opt'), (super['missing' as 'describe'] as any)?.(tick('never'))] }
}
class Leaf extends Mid {
  // sync fallback ×2: a field initialiser (constructor frame): new Leaf and Leaf.create
  extra = tick('field')
  constructor() { super('leaf'); log('Leaf ctor, extra=' + this.extra) }
  describe(x: unknown) { return 'Leaf>' + super.describe(x) }
  chain() { return [...super.chain(), 'Leaf'] }
  static who() { return 'Leaf.who>' + super.who() }
  assignSuper() { (super.tag as any) = 'assigned-via-super'; return this.tag }
}

const proto = { greet(n: string) { return 'proto hello ' + tick(n) } }
const lit = {
  __proto__: proto,
  // sync fallback ×1: an object literal method using super has no twin (a transform diagnostic)
  greet(n: string) { return 'lit>' + super.greet(n) },
  // sync fallback ×1: an object literal method and an arrow using super have no twin (transform diagnostics)
  arrow(n: string) { return ((m: string) => super.greet(m))(n) },
}
const later = { hi() { return 'later ' + tick('hi') } }
// sync fallback ×1: an object literal method using super has no twin (a transform diagnostic)
const swapped = { hi() { return 'swapped>' + super.hi() } }
Object.setPrototypeOf(swapped, later)

export default function main(): unknown {
  const leaf = new Leaf()
  eq(leaf.tag, 'mid-leaf', 'super() with a hidden-call argument')
  eq(leaf.describe(3), 'Leaf>Mid>Base(mid-leaf,3)', 'super chain')
  eq(leaf.kind, 'mid/base-kind:mid-leaf', 'super getter')
  eq(leaf.chain(), ['Base', 'Mid', 'Leaf'], 'spread of super result')
  eq(leaf.arrowSuper(), ['Base(mid-leaf,2)', 'Base(mid-leaf,4)'], 'super in arrow passed to map')
  eq(leaf.deepArrowSuper(), ['Base'], 'super in nested arrows skips overrides')
  eq(leaf.superInCallback(), ['undefined', 'Base(mid-leaf,cb)'], 'super next to a callback')
  eq(leaf.superDynamic('describe'), 'Base(mid-leaf,dyn)', 'computed super member')
  eq(leaf.superWithThisChange(), 'Base(other,x)', 'super method with call')
  eq(leaf.assignSuper(), 'assigned-via-super', 'assignment through super sets on this')
  eq(Leaf.who(), 'Leaf.who>Mid.who>Base.who<Leaf>', 'static super keeps this')
  eq(Leaf.create('x') instanceof Leaf, true, 'inherited static factory uses this')
  eq(lit.greet('a'), 'lit>proto hello a', 'super in object literal method')
  eq(lit.arrow('b'), 'proto hello b', 'super in arrow in object literal method')
  eq(swapped.hi(), 'swapped>later hi', 'super after setPrototypeOf')
  const fa = new FieldArrows('fa')
  eq([fa.viaField(tick(1)), fa.maybeSuper()], ['field>Base(fa,1)', ['Base(fa,opt)', undefined]], 'super in a field arrow, optional calls on super members')
  // The home object is fixed: a borrowed method still uses its own super.
  const borrowed = { describe: leaf.describe }
  eq(caught(() => borrowed.describe.call({ tag: 'B' }, 1)), '"Leaf>Mid>Base(B,1)"', 'borrowed method keeps home object')
  // Derived constructor that forgets super()
  // sync fallback ×1: a constructor frame
  class Bad extends Base { constructor() { if (tick(false)) super('never'); } }
  eq(caught(() => new Bad()), "ReferenceError: Must call super constructor in derived class before accessing 'this' or returning from derived constructor", 'missing super()')
  class Twice extends Base { constructor() { super('one'); try { super('two') } catch (e) { log((e as Error).message) } } }
  eq(new Twice().tag, 'one', 'second super() constructs then throws')
  return trace
}
