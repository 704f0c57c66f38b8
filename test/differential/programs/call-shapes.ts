// Unusual callee shapes and what they must preserve: `this` for (o.m)(), (o?.m)(), o?.m(), (0, o.m)(),
// (c ? o.m : f)(), (o.m ?? f)(), (o.m = f)(), tagged templates as callees; the native "is not a function"
// message for each shape; functions whose [[Prototype]] is another function; function objects with own
// `call`/`apply` properties; a patched Function.prototype.call; and closures that use `new.target`,
// `super` or `arguments` after the frame that created them has returned.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }  // 1 = 1 (arrow using super), annotated below
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
const o: any = { id: 'o', m() { return tick(this?.id ?? 'no this') }, nope: undefined, inner: { id: 'inner', m() { return this.id } } }
const f = function (this: any) { return 'f:' + (this?.id ?? 'no this') }
const k = 'm'

class Base { describe() { return 'base:' + tick(this.constructor.name) } }
class Derived extends Base {
  // sync fallback ×1: an arrow that uses super has no twin (a transform diagnostic), so Base.describe's tick runs plainly
  later() { return () => super.describe() }
  laterArgs(..._a: unknown[]) { return () => arguments.length }
}
function Maker(this: any) {
  this.target = () => (new.target === Maker ? 'Maker' : String(new.target))
  this.args = () => tick(arguments.length)
}

export default function main(): unknown {
  const c = tick(true)
  const thisResults = {
    paren: caught(() => (o.m)()),
    parenOptional: caught(() => (o?.m)()),
    optional: caught(() => o?.m()),
    optionalCall: caught(() => o.m?.()),
    computed: caught(() => o[k]()),
    parenComputed: caught(() => (o[k])()),
    comma: caught(() => (0, o.m)()),
    conditional: caught(() => (c ? o.m : f)()),
    nullish: caught(() => (o.m ?? f)()),
    logical: caught(() => (o.m || f)()),
    assignment: caught(() => (o.x = o.m)()),
    deepParen: caught(() => ((o.inner.m))()),
    deepOptional: caught(() => (o?.inner?.m)()),
  }
  eq(thisResults, {
    paren: '"o"', parenOptional: '"o"', optional: '"o"', optionalCall: '"o"', computed: '"o"', parenComputed: '"o"', comma: '"no this"',
    conditional: '"no this"', nullish: '"no this"', logical: '"no this"', assignment: '"no this"', deepParen: '"inner"', deepOptional: '"inner"',
  }, 'this for each callee shape')

  const messages = {
    parenMissing: caught(() => (o.nope)()),
    commaMissing: caught(() => (0, o.nope)()),
    conditionalMissing: caught(() => (c ? o.nope : f)()),
    nullishMissing: caught(() => (o.nope ?? o.nope2)()),
    stringKey: caught(() => o['nope']()),
    numberKey: caught(() => o[1]()),
    symbolKey: caught(() => o[Symbol.iterator]()),
    dashedKey: caught(() => o['a-b']()),
    callResult: caught(() => (f as any)()()),
    elementOfCall: caught(() => [f][0]()()),
    literalMember: caught(() => ({} as any).m()),
    stringMember: caught(() => ('str' as any).m()),
    numberMember: caught(() => (1 as any).m()),
    thisMember: caught(function (this: any) { return this.m() }.bind({})),
    newTargetCall: caught(() => new (function (this: any) { (new.target as any).x() } as any)()),
    templateCallee: caught(() => (((s: TemplateStringsArray) => s.raw) as any)`x`()),
    optionalMiddle: caught(() => o?.inner.nope()),
    awaitlessIife: caught(() => (() => 1)()()),
    arrowInParens: caught(() => ((a: any) => a)(undefined)()),
    hiddenResult: caught(() => (tick(5) as any)()),
    superMissing: caught(() => new (class extends Base { t() { return (super.nope as any)() } })().t()),
  }
  log(messages)
  eq(messages.stringKey, 'TypeError: o.nope is not a function', 'string-literal key message')
  eq(messages.literalMember, 'TypeError: {}.m is not a function', 'object literal member message')

  // A function whose [[Prototype]] is another function inherits its properties, not its behaviour.
  function parent() { return 'parent ' + tick(1) }
  function child() { return 'child' }
  Object.setPrototypeOf(child, parent)
  eq([child(), parent()], ['child', 'parent 1'], 'inheriting function properties does not change the callee')
  const boundChild = child.bind(null)
  Object.setPrototypeOf(boundChild, parent)
  eq(boundChild(), 'child', 'bound function with a function prototype')

  // Own call/apply properties are not used by ordinary calls.
  const g: any = function (this: any) { return 'real ' + tick(this?.id ?? '-') }
  g.call = () => 'own call property'
  g.apply = () => 'own apply property'
  const holder = { id: 'holder', g }
  eq([g(), holder.g(), holder['g'](), g.call(), (0, holder.g)()], ['real -', 'real holder', 'real holder', 'own call property', 'real -'], 'own call/apply properties')
  const plain: any = function (this: any) { return 'plain ' + (this?.id ?? '-') } // makes no call: may have no twin
  plain.call = () => 'own call property'
  const plainHolder = { id: 'ph', plain }
  eq([plain(), plainHolder.plain(), plainHolder['plain']()], ['plain -', 'plain ph', 'plain ph'], 'own call property on a function without calls')

  // A patched Function.prototype.call sees only the calls the program makes.
  const originalCall = Function.prototype.call
  let callCount = 0
  Function.prototype.call = function (this: Function, ...args: unknown[]) { callCount++; return Reflect.apply(this, args[0], args.slice(1)) } as any
  let direct: unknown[]
  try {
    direct = [f(), o.m(), parent(), [1, 2].map((x) => x + 1), Math.max(1, 2)]
  } finally {
    Function.prototype.call = originalCall
  }
  eq([direct, callCount], [['f:no this', 'o', 'parent 1', [2, 3], 2], 0], 'no hidden uses of Function.prototype.call')

  // Closures that outlive the frame that made them.
  const d = new Derived()
  const superLater = d.later()
  const argsLater = d.laterArgs(1, 2, 3)
  const made = new (Maker as any)(1, 2)
  eq([superLater(), argsLater(), made.target(), made.args()], ['base:Derived', 3, 'Maker', 2], 'super, arguments and new.target after return')
  return trace
}
