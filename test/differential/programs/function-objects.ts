// Reflection over function objects and prototypes, as libraries do it (mixins copy Reflect.ownKeys,
// Object.assign copies enumerable symbols, spread copies own enumerable keys): compiled functions and
// classes must not grow own properties, symbol-keyed or not, that the original program does not have.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }  // 1 = 1 (a copied twin key), annotated below
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
// A function with a twin has one more own key, Symbol.for('greenhack.twin') (docs/unsupported.md,
// asserted in test/core/documented-differences.test.ts); the rest must be as written.
const TWIN = Symbol.for('greenhack.twin')
const describeKeys = (o: object) => Reflect.ownKeys(o).filter((k) => k !== TWIN).map((k) => (typeof k === 'symbol' ? `@@${k.description}` : k))
function declared() { return tick(1) }
const arrow = () => tick(2)
const expr = function () { return tick(3) }
const obj = { method() { return tick(4) }, get acc() { return 5 } }
class Klass {
  static s() { return tick(6) }
  m() { return tick(7) }
  #p() { return tick(8) }
  usesPrivate() { return this.#p() }
  static #sp() { return 9 }
  static usesStaticPrivate() { return Klass.#sp() }
}
const Mixin = { greet() { return 'hi ' + tick('mixin') } }
function nestedMaker() { return function nested() { return tick(10) } }

export default function main(): unknown {
  const keys = {
    declared: describeKeys(declared),
    arrow: describeKeys(arrow),
    expr: describeKeys(expr),
    method: describeKeys(obj.method),
    object: describeKeys(obj),
    Klass: describeKeys(Klass),
    prototype: describeKeys(Klass.prototype),
    nested: describeKeys(nestedMaker()),
    main: describeKeys(main),
  }
  log(keys)
  eq(keys.declared, ['length', 'name', 'prototype'], 'declared function keys')
  eq(keys.arrow, ['length', 'name'], 'arrow keys')
  eq(keys.prototype, ['constructor', 'm', 'usesPrivate'], 'class prototype keys')
  eq(keys.Klass, ['length', 'name', 'prototype', 's', 'usesStaticPrivate'], 'class keys')
  eq([...Object.getOwnPropertySymbols(declared), ...Object.getOwnPropertySymbols(nestedMaker())].filter((k) => k !== TWIN).length, 0, 'no own symbols on functions but the twin')
  const copied = Object.assign({}, declared, arrow, obj.method)
  eq(describeKeys(copied), [], 'Object.assign from functions copies nothing')
  eq(describeKeys({ ...declared, ...nestedMaker() }), [], 'spreading functions copies nothing')
  class Target {}
  for (const k of Reflect.ownKeys(Mixin)) Object.defineProperty(Target.prototype, k, Object.getOwnPropertyDescriptor(Mixin, k)!)
  eq([describeKeys(Target.prototype), (new Target() as any).greet()], [['constructor', 'greet'], 'hi mixin'], 'mixin by copying own keys')
  const descriptors = Object.getOwnPropertyDescriptors(Klass.prototype)
  eq(Object.keys(descriptors), ['constructor', 'm', 'usesPrivate'], 'prototype descriptors')
  eq([declared(), arrow(), expr(), obj.method(), Klass.s(), new Klass().m(), new Klass().usesPrivate(), Klass.usesStaticPrivate(), nestedMaker()()], [1, 2, 3, 4, 6, 7, 8, 9, 10], 'all callable')
  // Copying static properties from one function onto a wrapper (decorators, higher-order components).
  function original() { return 'original ' + tick(1) }
  ;(original as any).version = 2
  // sync fallback ×1: Object.assign copies original's twin key onto wrapper, which then runs as written (a copied twin is never run: docs/unsupported.md), so it calls original plainly
  const wrapper = Object.assign(function wrapper() { return 'wrapper>' + original() }, original)
  eq([wrapper(), (wrapper as any).version], ['wrapper>original 1', 2], 'a wrapper that copied its target\'s properties still runs itself')
  const frozen = Object.freeze(function frozenFn() { return tick('frozen') })
  eq([frozen(), Object.isFrozen(frozen)], ['frozen', true], 'frozen function expression still callable')
  return trace
}
