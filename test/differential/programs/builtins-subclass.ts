// Subclasses of built-ins (Array with Symbol.species, Error with cause and own properties, Map, Promise-free)
// and `new.target` in functions, constructors, arrows and through Reflect.construct.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 5 }  // 5 = 5 (constructors), annotated below
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

class Stack<T> extends Array<T> {
  peek() { return tick(this[this.length - 1]) }
  sum(this: Stack<number>) { return this.reduce((s, v) => s + tick(v), 0) }
  static of2<U>(...xs: U[]) { return Stack.from(xs) as Stack<U> }
}
class Plain<T> extends Array<T> { static get [Symbol.species]() { return Array } }

class AppError extends Error {
  code: string
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'AppError'
    // sync fallback ×3: a constructor frame (new NotFound twice via super(), new AppError once)
    this.code = tick(code)
  }
  describe() { return `${this.name}[${this.code}]: ${this.message}` }
}
class NotFound extends AppError {
  constructor(what: string) { super(`${what} not found`, 'E404') }
}

class DefaultMap<K, V> extends Map<K, V> {
  constructor(private make: (k: K) => V) { super() }
  get(k: K): V {
    if (!this.has(k)) this.set(k, this.make(k))
    return super.get(k)!
  }
}

function Target(this: any) {
  if (!new.target) return 'called: ' + tick('plain')
  // sync fallback ×2: a constructor frame (new Target and Reflect.construct)
  this.made = tick(new.target === Target ? 'Target' : 'other')
}
class Shape {
  kind: string
  constructor() { this.kind = new.target.name; log('new.target ' + new.target.name) }
  static make() { return new this() }
}
class Square extends Shape { arrowTarget = (() => new.target)() }
function Factory(this: any) { const t = () => new.target; return { fromArrow: t() === Factory } }

export default function main(): unknown {
  const s = new Stack<number>()
  s.push(tick(1), 2, 3)
  eq([s.length, s.peek(), s.sum()], [3, 3, 6], 'array subclass methods')
  const mapped = s.map((x) => tick(x) * 10)
  eq([mapped instanceof Stack, Array.isArray(mapped), (mapped as any).peek()], [true, true, 30], 'map returns the subclass via species')
  const filtered = s.filter((x) => tick(x) > 1)
  eq([filtered instanceof Stack, filtered.length], [true, 2], 'filter via species')
  eq(Stack.of2('a', 'b').peek(), 'b', 'static from')
  const p = new Plain<number>(); p.push(1)
  eq(p.map((x) => x) instanceof Plain, false, 'species override')
  s.length = 1
  eq([...s], [1], 'length truncation')
  eq(JSON.stringify(s), '[1]', 'serialises as array')

  const e = new NotFound(tick('user'))
  eq([e instanceof NotFound, e instanceof AppError, e instanceof Error], [true, true, true], 'error chain')
  eq([e.name, e.message, e.code, e.describe()], ['AppError', 'user not found', 'E404', 'AppError[E404]: user not found'], 'error fields')
  eq(String(e), 'AppError: user not found', 'toString')
  eq(typeof e.stack === 'string' && e.stack.startsWith('AppError: user not found'), true, 'stack header')
  eq(Object.keys(e), ['code', 'name'], 'own enumerable keys')
  const withCause = new AppError('outer', 'E1', { cause: e })
  eq([withCause.cause === e, Object.getOwnPropertyNames(withCause).sort()], [true, ['cause', 'code', 'message', 'name', 'stack']], 'cause')
  try { throw new NotFound('order') } catch (err) { eq((err as AppError).code + ':' + (err as Error).message, 'E404:order not found', 'caught subclass') }

  const dm = new DefaultMap<string, string[]>((k) => [tick(k)])
  dm.get('a').push('a2')
  eq([...dm.entries()], [['a', ['a', 'a2']]], 'map subclass overriding get with super.get')
  eq(dm.get('b'), ['b'], 'default value')

  eq((Target as any)(), 'called: plain', 'new.target undefined on call')
  eq(new (Target as any)().made, 'Target', 'new.target on new')
  function Other() {}
  eq(Reflect.construct(Target, [], Other).made, 'other', 'Reflect.construct newTarget')
  eq([new Shape().kind, new Square().kind, Square.make().kind], ['Shape', 'Square', 'Square'], 'new.target in base constructor')
  eq(new Square().arrowTarget, undefined, 'new.target in a field initializer arrow is undefined')
  eq(new (Factory as any)().fromArrow, true, 'arrow sees enclosing new.target')
  eq(caught(() => Reflect.construct(Shape, [], Object)), '{"kind":"Object"}', 'Reflect.construct with unrelated newTarget')
  return trace
}
