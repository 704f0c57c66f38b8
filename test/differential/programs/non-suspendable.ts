// Hidden calls under frames that cannot suspend (getters, setters, constructors, class field initialisers,
// static blocks, generator bodies, the synchronous part of async bodies, functions called only from those)
// run the sync implementation in both runs, and a hidden function without one throws GreenContextError in
// both runs. main() itself makes no hidden call on a suspendable path, so nothing suspends.
import { hidden, GreenContextError } from 'greenhack'

// suspends: false on purpose: every hidden call here is under a getter, setter, constructor, field
// initialiser, static block, generator body or async body, none of which can suspend.
export const expect = { suspends: false, syncInTask: 16 }  // 16 = 1 (static block, at import) + 4 (field initialisers, constructor) + 7 (getters, setter, proxy trap, toPrimitive) + 2 (generator) + 2 (async body), annotated below
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
const noSync = hidden(async (x: unknown) => { counters.async++; return x }, { name: 'noSync' })
function kindOf(f: () => unknown): string {
  try { return 'value ' + JSON.stringify(f()) } catch (e) { return e instanceof GreenContextError ? 'GreenContextError' : `${(e as Error).constructor.name}: ${(e as Error).message}` }
}
function helper(tag: string) { return tick(tag) + '!' }

class Model {
  static registry: string[] = []
  // sync fallback ×1: a static block, run at import outside any task (the harness counts the module's every sync call)
  static { Model.registry.push(tick('static block')) }
  // sync fallback ×1: a field initialiser (constructor frame)
  id = tick('field-id')
  // sync fallback ×1: a field initialiser (constructor frame) calling helper
  label = helper('field-label')
  // sync fallback ×1: a private field initialiser (constructor frame)
  #secret = tick('private field')
  viaNoSync = kindOf(() => noSync('field'))
  constructor(public name: string) {
    // sync fallback ×1: a constructor frame
    log('ctor ' + tick(name))
    log('ctor noSync: ' + kindOf(() => noSync('ctor')))
  }
  // sync fallback ×1: a getter (calls helper)
  get upper() { return helper(this.name.toUpperCase()) }
  // sync fallback ×1: a setter
  set upper(v: string) { this.name = tick(v.toLowerCase()) }
  get secret() { return this.#secret }
  get strict() { return kindOf(() => noSync('getter')) }
  // sync fallback ×1: a static getter (calls helper)
  static get staticGetter() { return helper('static getter') }
}
// sync fallback ×2: a generator body (helper and tick), driven by spread
function* gen() { yield helper('gen-1'); yield tick('gen-2'); yield kindOf(() => noSync('generator')) }
async function asyncBody() {
  // sync fallback ×1: an async function body (before its first await)
  const before = tick('async sync part')
  const nosync = kindOf(() => noSync('async'))
  await null
  // sync fallback ×1: an async function body after an await (outside any task)
  return [before, nosync, tick('after await')]
}

export default function main(): unknown {
  const m = new Model('Ann')
  eq([m.id, m.label, m.secret, m.viaNoSync], ['field-id', 'field-label!', 'private field', 'GreenContextError'], 'field initialisers')
  eq(Model.registry, ['static block'], 'static block')
  eq(m.upper, 'ANN!', 'getter calling a function that makes a hidden call')
  m.upper = 'BOB'
  eq(m.name, 'bob', 'setter')
  eq(m.strict, 'GreenContextError', 'no sync implementation under a getter')
  eq(Model.staticGetter, 'static getter!', 'static getter')
  eq([...gen()], ['gen-1!', 'gen-2', 'GreenContextError'], 'generator body')
  // sync fallback ×2: an object literal getter, read once and called once through .get.call
  const literal = { get computed() { return helper('literal getter') } }
  eq([literal.computed, Object.getOwnPropertyDescriptor(literal, 'computed')!.get!.call(literal)], ['literal getter!', 'literal getter!'], 'object literal getter')
  // sync fallback ×1: a Proxy get trap (called by the native Proxy)
  const proxy = new Proxy({}, { get: (_t, k) => helper(String(k)) })
  eq((proxy as any).trapped, 'trapped!', 'proxy trap')
  // sync fallback ×1: a Symbol.toPrimitive coercion under a template literal
  const coerced = { [Symbol.toPrimitive]: (hint: string) => helper(hint), valueOf() { return tick(1) } }
  eq(`${coerced as any}`, 'string!', 'toPrimitive under a template')
  return asyncBody().then((r) => {
    eq(r, ['async sync part', 'GreenContextError', 'after await'], 'async body')
    return trace
  })
}
