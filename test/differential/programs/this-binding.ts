// `this` in functions, methods and arrows (module code is strict): plain calls get undefined, methods
// their receiver, arrows the enclosing `this`; extracted methods, nested arrows, thisArg, static methods.
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
function caught(f: () => unknown): string {
  try { return JSON.stringify(f()) } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` }
}

function whoAmI(this: any) { tick(0); return this === undefined ? 'undefined' : this === null ? 'null' : typeof this === 'object' ? this.id ?? 'object' : typeof this }

const obj: any = {
  id: 'obj',
  method() { tick(1); return this.id },
  arrowProp: () => typeof this,
  nested() {
    const inner = () => { const deeper = () => tick(this.id); return deeper() + '!' }
    return inner()
  },
  plainInside() {
    function plain(this: any) { return this === undefined }
    return tick(plain())
  },
  callback() {
    return [1, 2].map(function (this: any, x) { return tick(this?.id ?? 'none') + x })
  },
  callbackThisArg() {
    return [1, 2].map(function (this: any, x) { return tick(this.id) + x }, { id: 'arg' })
  },
  arrowCallback() { return [1, 2].map((x) => tick(this.id) + x) },
  chain() { tick(null); return this },
  getSelf() { return () => () => this },
}

class Widget {
  name: string
  constructor(name: string) { this.name = name }
  hello() { return 'hello ' + tick(this.name) }
  static kind() { return tick(this.name) }
  later() { return () => this.hello() }
  bound = () => this.name + '#' + tick('b')
}
class Gadget extends Widget {
  static kind() { return 'g:' + super.kind() }
}

export default function main(): unknown {
  eq(whoAmI(), 'undefined', 'plain call in strict code')
  eq(whoAmI.call(obj), 'obj', 'call sets this')
  eq(whoAmI.call(5), 'number', 'primitive this is not boxed in strict mode')
  eq(whoAmI.call(null), 'null', 'null this stays null')
  eq(obj.method(), 'obj', 'method call')
  eq(obj['method'](), 'obj', 'computed method call')
  eq((obj.method)(), 'obj', 'parenthesised member keeps this')
  const extracted = obj.method
  eq(caught(() => extracted()), "TypeError: Cannot read properties of undefined (reading 'id')", 'extracted method')
  eq(caught(() => (0, obj.method)()), "TypeError: Cannot read properties of undefined (reading 'id')", 'comma drops this')
  eq(caught(() => (obj.x = obj.method)()), "TypeError: Cannot read properties of undefined (reading 'id')", 'assignment drops this')
  eq(obj.arrowProp(), 'undefined', 'arrow at module level: this is undefined')
  eq(obj.nested(), 'obj!', 'nested arrows')
  eq(obj.plainInside(), true, 'plain function inside method')
  eq(obj.callback(), ['none1', 'none2'], 'callback without thisArg')
  eq(obj.callbackThisArg(), ['arg1', 'arg2'], 'callback with thisArg')
  eq(obj.arrowCallback(), ['obj1', 'obj2'], 'arrow callback keeps this')
  eq(obj.chain().chain().chain().id, 'obj', 'chained methods returning this')
  eq(obj.getSelf()()() === obj, true, 'arrow chain returns this')
  const other = { id: 'other', method: obj.method }
  eq(other.method(), 'other', 'borrowed method')

  const w = new Widget('w')
  eq(w.hello(), 'hello w', 'class method')
  const later = w.later()
  eq(later(), 'hello w', 'arrow returned from method keeps instance')
  const { bound } = w
  eq(bound(), 'w#b', 'arrow field keeps instance')
  eq(Widget.kind(), 'Widget', 'static this is the class')
  eq(Gadget.kind(), 'g:Gadget', 'super static call keeps derived this')
  const { hello } = w
  eq(caught(() => hello()), "TypeError: Cannot read properties of undefined (reading 'name')", 'destructured method')
  eq(hello.call({ name: 'fake' }), 'hello fake', 'call with fake receiver')
  eq(Reflect.apply(hello, { name: 'refl' }, []), 'hello refl', 'Reflect.apply')

  // this inside a getter and a setter reached through a method call
  const acc = {
    _v: 1,
    get v() { return this._v * 10 },
    set v(x: number) { this._v = x },
    bump() { this.v = tick(this.v) + 1; return this.v },
  }
  eq(acc.bump(), 110, 'accessors through this')
  // optional call keeps this
  const maybe: any = obj
  eq(maybe?.method(), 'obj', 'optional member call keeps this')
  eq(maybe.method?.(), 'obj', 'optional call keeps this')
  eq((maybe?.method)(), 'obj', 'parenthesised optional chain keeps this')
  log(trace.length)
  log([whoAmI(), w.hello(), obj.nested()])
  return trace
}
