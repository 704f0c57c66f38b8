// Classes: methods, static methods, static and instance fields, static blocks, accessors (instance and
// static), computed and symbol-named methods, class expressions, method chaining, instanceof, and hidden
// calls from every kind of class member (field initialisers, constructors and accessors fall back to sync).
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 12 }  // 12 = 1 (static block, at import) + 7 (field initialisers) + 2 (constructor) + 2 (computed method names), annotated below
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
const methodName = () => { log('computed key evaluated'); return 'dyn' }

class Account {
  static count = 0
  static registry: string[] = []
  // sync fallback ×1: a static block, run at import outside any task (the harness counts the module's every sync call)
  static { Account.registry.push('static block ' + tick('sb')) }
  owner: string
  // sync fallback ×2: a field initialiser (constructor frame): Account.open and new Account
  balance = tick(0)
  history: string[] = []
  readonly id = ++Account.count
  constructor(owner: string) {
    // sync fallback ×2: a constructor frame: Account.open and new Account
    this.owner = tick(owner)
    log(`constructed ${owner}`)
  }
  deposit(n: number) { this.balance += tick(n); this.history.push(`+${n}`); return this }
  withdraw(n: number) {
    if (tick(n) > this.balance) throw new RangeError(`insufficient funds: ${this.balance} < ${n}`)
    this.balance -= n
    this.history.push(`-${n}`)
    return this
  }
  get summary() { return `${this.owner}:${this.balance}` }
  set nick(v: string) { this.owner = v.toUpperCase() }
  get nick() { return this.owner.toLowerCase() }
  static open(owner: string, initial: number) { return new this(owner).deposit(initial) }
  static get total() { return Account.count }
  static set total(_v: number) { throw new TypeError('read-only total') }
  // sync fallback ×1: a method with a computed name has no twin (a transform diagnostic)
  [methodName()]() { return 'dynamic:' + tick(this.owner) }
  *[Symbol.iterator]() { yield* this.history }
  toString() { return `Account(${this.summary})` }
  'quoted name'() { return tick('quoted') }
  42() { return tick(42) }
}

const Point = class Named {
  constructor(public x: number, public y: number) {}
  plus(o: InstanceType<typeof Point>) { return new Named(this.x + tick(o.x), this.y + tick(o.y)) }
  static origin() { return new Named(0, 0) }
  who() { return Named.name }
}

class Counter {
  static instances = 0
  n = 0
  // sync fallback ×2: a field initialiser (constructor frame), two new Counter()
  step = tick(1)
  constructor() { Counter.instances++ }
  inc() { this.n += this.step; return this.n }
}

export default function main(): unknown {
  eq(Account.registry, ['static block sb'], 'static block ran at definition')
  const a = Account.open('ann', 100)
  eq(a.summary, 'ann:100', 'static factory and getter')
  a.deposit(20).withdraw(50).deposit(tick(5))
  eq(a.balance, 75, 'chained methods')
  eq(a.history, ['+100', '+20', '-50', '+5'], 'history')
  eq(caught(() => a.withdraw(1000)), 'RangeError: insufficient funds: 75 < 1000', 'method throws')
  a.nick = 'Annie'
  eq([a.owner, a.nick], ['ANNIE', 'annie'], 'setter and getter')
  eq((a as any).dyn(), 'dynamic:ANNIE', 'computed method')
  eq([...a], ['+100', '+20', '-50', '+5'], 'generator method as iterator')
  eq(String(a), 'Account(ANNIE:75)', 'toString')
  eq(`${a}`, 'Account(ANNIE:75)', 'template calls toString')
  eq([a['quoted name'](), a[42]()], ['quoted', 42], 'string and numeric method names')
  const b = new Account('bob')
  eq([a.id, b.id, Account.total], [1, 2, 2], 'static counter and static getter')
  eq(caught(() => { (Account as any).total = 5 }), 'TypeError: read-only total', 'static setter')
  eq(a instanceof Account && !(a instanceof Array), true, 'instanceof')
  eq(Object.getOwnPropertyNames(Account.prototype), ['42', 'constructor', 'deposit', 'withdraw', 'summary', 'nick', 'dyn', 'toString', 'quoted name'], 'prototype keys')
  eq(Object.keys(a), ['owner', 'balance', 'history', 'id'], 'own fields in definition order')
  eq(caught(() => (Account as any)('x')), "TypeError: Class constructor Account cannot be invoked without 'new'", 'call without new')

  const p = new Point(1, 2).plus(new Point(tick(10), 20))
  eq([p.x, p.y, p.who(), Point.name], [11, 22, 'Named', 'Named'], 'class expression with inner name')
  eq(Point.origin() instanceof Point, true, 'static on class expression')

  const cs = [new Counter(), new Counter()]
  cs[0].inc(); cs[0].inc(); cs[1].inc()
  eq([cs[0].n, cs[1].n, Counter.instances], [2, 1, 2], 'per-instance fields')
  // Methods are shared on the prototype and not own properties; fields are own.
  eq([cs[0].inc === cs[1].inc, Object.hasOwn(cs[0], 'inc'), Object.hasOwn(cs[0], 'step')], [true, false, true], 'prototype vs own')
  // Methods are not constructors.
  eq(caught(() => new (a.deposit as any)(1)), 'TypeError: a.deposit is not a constructor', 'method is not a constructor')
  eq('prototype' in a.deposit, false, 'method has no prototype')
  // Class declared in a block, used after a hidden call.
  let made: unknown
  {
    // sync fallback ×1: a field initialiser (constructor frame)
    class Local { v = tick('local'); get v2() { return this.v + '2' } }
    made = new Local().v2
  }
  eq(made, 'local2', 'block-scoped class')
  // A class defined while the task runs, with hidden calls in its heritage and computed keys.
  class Parent { hello() { return 'parent hello' } }
  const pick = (c: typeof Parent) => tick(c)
  class Local2 extends pick(Parent) {
    // sync fallback ×1: a method with a computed name has no twin (a transform diagnostic)
    [tick('computedMethod')]() { return 'computed ' + tick(1) }
    // sync fallback ×1: a static field initialiser (the key itself is evaluated by main and suspends)
    static [tick('computedStatic')] = tick(2)
    // sync fallback ×1: a field initialiser (constructor frame)
    field = tick('field')
  }
  const l2: any = new Local2()
  eq([l2.hello(), l2.computedMethod(), (Local2 as any).computedStatic, l2.field], ['parent hello', 'computed 1', 2, 'field'], 'class defined inside the task')
  log(a.history.length)
  return trace
}
