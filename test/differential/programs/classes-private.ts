// Private class members: #fields, #methods, static #members, private accessors, `#x in o` brand checks,
// private methods calling hidden functions, and the native TypeErrors for a wrong receiver.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 5 }  // 5 = 1 (static initialiser, at import) + 1 (field initialiser) + 1 (generator) + 1 (async body) + 1 (a private method through .bind: docs/unsupported.md), annotated below
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

class Vault {
  #secret: string
  #log: string[] = []
  static #instances = 0
  // sync fallback ×1: a static field initialiser, run at import outside any task (the harness counts the module's every sync call)
  static #prefix = tick('v-')
  #opened = false
  constructor(secret: string) { this.#secret = secret; Vault.#instances++ }
  #check(guess: string) { this.#log.push('check ' + guess); return tick(guess) === this.#secret }
  #reveal = () => { this.#opened = true; return Vault.#prefix + this.#secret }
  get #state() { return this.#opened ? 'open' : 'closed' }
  set #state(v: string) { this.#opened = v === 'open' }
  open(guess: string) { return this.#check(guess) ? this.#reveal() : null }
  close() { this.#state = tick('closed'); return this.#state }
  state() { return this.#state }
  history() { return [...this.#log] }
  static count() { return tick(Vault.#instances) }
  static #make(s: string) { return new Vault(tick(s)) }
  static make(s: string) { return Vault.#make(s) }
  static isVault(o: unknown) { return #secret in (o as object) }
  peekOther(o: Vault) { return o.#secret }
  static peek(o: any) { return o.#secret }
  // (`o?.#check(…)` reaches the private method's twin: it suspends.)
  static maybeCheck(o?: Vault) { return o?.#check(tick('s3')) }
  callPrivateOn(o: any) { return o.#check('x') }
  nested() { const f = () => () => this.#check(tick('s3')); return f()() }
  // (`.call` and `.apply` on a private method reach its twin: they suspend.)
  viaCall() { return this.#check.call(this, 'nope') }
  viaApply(other: Vault) { return this.#check.apply(other, ['s3']) }
  // sync fallback ×1: a bound private method is a native function without a twin, so #check runs plainly (docs/unsupported.md)
  viaBind() { return this.#check.bind(this)('nope') }
  // sync fallback ×1: an async function body (#check after the await, outside any task)
  async later() { await tick.async(null); return this.#check('s3') }
  // sync fallback ×1: a generator body, driven by spread
  *gen() { yield this.#check('a'); yield this.#state }
}

class Sub extends Vault {
  // sync fallback ×1: a field initialiser (constructor frame)
  #own = tick('sub-own')
  own() { return this.#own + '/' + this.state() }
}

export default function main(): unknown {
  const v = new Vault('s3')
  eq(v.open('wrong'), null, 'wrong guess')
  eq(v.state(), 'closed', 'private getter')
  eq(v.open('s3'), 'v-s3', 'private arrow field')
  eq(v.state(), 'open', 'state after open')
  eq(v.close(), 'closed', 'private setter')
  eq(v.history(), ['check wrong', 'check s3'], 'private log')
  const m = Vault.make('m1')
  eq([Vault.count(), Vault.isVault(m), Vault.isVault({}), v.peekOther(m)], [2, true, false, 'm1'], 'static privates and brand check')
  eq(v.nested(), true, 'private method via nested arrows')
  eq(v.viaCall(), false, 'private method via call')
  eq(v.viaApply(m), false, 'private method via apply, on another instance')
  eq(caught(() => v.viaApply({} as Vault)), 'TypeError: Cannot read private member #log from an object whose class did not declare it', 'private method via apply, on a foreign receiver')
  eq(v.viaBind(), false, 'private method via bind')
  eq([...v.gen()], [false, 'closed'], 'private members in generator method')
  eq(caught(() => Vault.peek({})), 'TypeError: Cannot read private member #secret from an object whose class did not declare it', 'foreign read')
  eq(caught(() => v.callPrivateOn({})), 'TypeError: Receiver must be an instance of class Vault', 'foreign private method')
  eq(caught(() => Vault.isVault(1)), "TypeError: Cannot use 'in' operator to search for '#secret' in 1", 'brand check on primitive')
  eq([Vault.maybeCheck(undefined), Vault.maybeCheck(v)], [undefined, true], 'optional chain into a private method')
  const s = new Sub('sub')
  eq([s.own(), s.open('sub'), Vault.isVault(s)], ['sub-own/closed', 'v-sub', true], 'subclass with its own privates')
  eq(Object.keys(s), [], 'private fields are not own keys')
  eq(JSON.stringify(v), '{}', 'private fields not serialised')
  log(v.history())
  return v.later().then((r) => { eq(r, true, 'private method after await'); log(['later', r]); return trace })
}
