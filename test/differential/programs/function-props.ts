// Function objects keep their observable shape: `name` (declared and inferred: variables, assignments,
// object and class members, computed and symbol keys, accessors, defaults, destructuring defaults,
// private methods, bound, anonymous), `length` (defaults, rest, destructuring), `prototype` presence, own
// string keys, and the [[Class]] tag of each kind of function.
import { hidden } from 'greenhack'

export const expect = { suspends: true }
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
function declared(a: number, b: number) { return tick(a + b) }
const arrow = (a: number) => tick(a)
const expr = function (a: number, b?: number) { return tick([a, b]) }
const namedExpr = function inner() { return tick(inner.name) }
let assigned: (x: number) => number
assigned = (x) => tick(x)
const sym = Symbol('custom')
const key = 'comp' + 'uted'
const obj = {
  method() { return tick(1) },
  arrowProp: () => tick(2),
  fnProp: function () { return tick(3) },
  [key]() { return tick(4) },
  [sym]() { return tick(5) },
  get acc() { return tick(6) },
  set acc(_v) { tick(7) },
  *gen() { yield tick(8) },
  async am() { return tick(9) },
  'spaced name'() { return 10 },
  123() { return 11 },
}
class Klass {
  static sm() { return tick(1) }
  m(a: number, ...rest: number[]) { return tick(a + rest.length) }
  #pm() { return tick('pm') }
  field = () => tick('f')
  static sfield = function () { return tick('sf') }
  get g() { return tick('g') }
  static get sg() { return tick('sg') }
  privateName() { return this.#pm.name }
  [Symbol.iterator]() { return [][Symbol.iterator]() }
}
const AnonClass = class {}
const holder: any = {}
holder.prop = function () { return 1 }
holder['bracket'] = () => 2
function withDefault(f = () => 1, g = function () { return 2 }) { return [f.name, g.name] }
const { dd = () => tick(1) } = {} as any
const [ad = function () { return 1 }] = [] as any[]
function lengths(_a: number, [_b]: number[], { c: _c }: any, _d = 1, ..._e: unknown[]) { return 0 }
async function asyncDecl() { return 1 }
function* genDecl() { yield 1 }
async function* asyncGen() { yield 1 }
const list = [() => 1, function () { return 2 }]
const describe = (f: Function) => [f.name, f.length, Object.prototype.hasOwnProperty.call(f, 'prototype'), Object.prototype.toString.call(f), Object.getOwnPropertyNames(f)]
const descriptor = (o: object, k: PropertyKey) => Object.getOwnPropertyDescriptor(o, k)!

export default function main(): unknown {
  eq(main.name, 'main', 'default-exported declaration')
  eq(describe(declared), ['declared', 2, true, '[object Function]', ['length', 'name', 'prototype']], 'declaration')
  eq(describe(arrow), ['arrow', 1, false, '[object Function]', ['length', 'name']], 'arrow')
  eq(describe(expr), ['expr', 2, true, '[object Function]', ['length', 'name', 'prototype']], 'anonymous expression named by its variable')
  eq([namedExpr.name, namedExpr()], ['inner', 'inner'], 'named expression')
  eq(assigned.name, 'assigned', 'named by assignment')
  eq(describe(obj.method), ['method', 0, false, '[object Function]', ['length', 'name']], 'method')
  eq([obj.arrowProp.name, obj.fnProp.name, (obj as any).computed.name, obj[sym].name], ['arrowProp', 'fnProp', 'computed', '[custom]'], 'property names')
  eq([descriptor(obj, 'acc').get!.name, descriptor(obj, 'acc').set!.name, descriptor(obj, 'acc').set!.length], ['get acc', 'set acc', 1], 'accessors')
  eq(describe(obj.gen), ['gen', 0, true, '[object GeneratorFunction]', ['length', 'name', 'prototype']], 'generator method')
  eq(describe(obj.am), ['am', 0, false, '[object AsyncFunction]', ['length', 'name']], 'async method')
  eq([obj['spaced name'].name, obj[123].name], ['spaced name', '123'], 'string and numeric keys')
  eq(describe(Klass), ['Klass', 0, true, '[object Function]', ['length', 'name', 'prototype', 'sm', 'sg', 'sfield']], 'class')
  eq([Klass.sm.name, Klass.prototype.m.name, Klass.prototype.m.length, new Klass().field.name, Klass.sfield.name], ['sm', 'm', 1, 'field', 'sfield'], 'class members')
  eq([descriptor(Klass.prototype, 'g').get!.name, descriptor(Klass, 'sg').get!.name, new Klass().privateName(), Klass.prototype[Symbol.iterator].name], ['get g', 'get sg', '#pm', '[Symbol.iterator]'], 'accessor, private and symbol names')
  eq(Object.getOwnPropertyNames(Klass.prototype), ['constructor', 'm', 'g', 'privateName'], 'prototype keys')
  eq(AnonClass.name, 'AnonClass', 'anonymous class named by its variable')
  eq([holder.prop.name, holder.bracket.name], ['', ''], 'no name from member assignment')
  eq(withDefault(), ['f', 'g'], 'defaults are named')
  eq([dd.name, ad.name], ['dd', 'ad'], 'destructuring defaults are named')
  eq(lengths.length, 3, 'length stops at the first default or rest')
  eq([describe(asyncDecl), describe(genDecl), describe(asyncGen)], [
    ['asyncDecl', 0, false, '[object AsyncFunction]', ['length', 'name']],
    ['genDecl', 0, true, '[object GeneratorFunction]', ['length', 'name', 'prototype']],
    ['asyncGen', 0, true, '[object AsyncGeneratorFunction]', ['length', 'name', 'prototype']],
  ], 'async and generator declarations')
  eq([list[0].name, list[1].name, (() => 0).name, (function () { return 0 }).name], ['', '', '', ''], 'anonymous functions')
  eq([declared.bind(null).name, arrow.bind(null, 1).length, tick.name === tick.bind(null).name.slice(6)], ['bound declared', 0, true], 'bound functions')
  eq([Object.keys(declared), Object.keys(obj.method), Object.keys(Klass)], [[], [], ['sfield']], 'enumerable own keys')
  eq(declared.prototype.constructor === declared && Object.keys(declared.prototype).length === 0, true, 'fresh prototype object')
  const fns = [declared, arrow, expr, obj.method, Klass.sm, assigned]
  const calls = fns.map((f: any) => f(1, 2))
  eq(calls, [3, 1, [1, 2], 1, 1, 1], 'all still callable')
  eq(typeof tick === 'function' && typeof tick.async === 'function', true, 'hidden function shape')
  // Functions created while the task runs (inside compiled code) get the same names and text.
  const inner = () => tick(1)
  const innerExpr = function () { return tick(2) }
  const innerObj = { m: () => tick(3), n() { return tick(4) }, get g() { return 1 } }
  let innerAssigned: () => number
  innerAssigned = () => tick(5)
  const [innerDefault = () => tick(6)] = [] as (() => number)[]
  class InnerClass { static sm() { return tick(7) } }
  eq([inner.name, innerExpr.name, innerObj.m.name, innerObj.n.name, descriptor(innerObj, 'g').get!.name, innerAssigned.name, innerDefault.name, InnerClass.name, InnerClass.sm.name],
    ['inner', 'innerExpr', 'm', 'n', 'get g', 'innerAssigned', 'innerDefault', 'InnerClass', 'sm'], 'names of functions created inside the task')
  eq([inner.length, innerExpr.length, inner.toString(), innerObj.n.toString()], [0, 0, '() => tick(1)', 'n() {\n\t\t\treturn tick(4);\n\t\t}'], 'length and text of functions created inside the task')
  log(fns.map((f) => f.name))
  return trace
}
