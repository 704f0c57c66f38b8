// Stack traces name a function expression stored into a member after that member (`pp.parse`,
// `exports.load`, `Model.save`): V8 infers the name only while the function is the assignment's own
// right-hand side. The compiled originals must show the same names as the native ones.
import { hidden } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async (x: number): Promise<number> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number): number => { counters.sync++; return x }, name: 'tick' })

/** The name a stack trace shows for the function that called this one (`<anonymous>` when none). */
function callerName(): string {
  const line = new Error().stack!.split('\n')[2] ?? ''
  return /^\s+at (?:new )?(.+?) \(/.exec(line)?.[1] ?? '<anonymous>'
}

/** Runs `probe` in a constructor: a frame that cannot suspend, so even in a task the originals run. */
class Plain {
  names: string[]
  constructor(probe: () => string[]) { this.names = probe() }
}

type Fn = (go?: boolean) => unknown
const pp: Record<string, Fn> = {}
pp.parse = function (go) { if (go) tick(1); return callerName() }
pp['render'] = (go) => { if (go) tick(2); return callerName() }
const exportsLike: Record<string, Fn> = {}
exportsLike.load = function (go) { if (go) tick(3); return callerName() }
let alias: Fn
alias = pp.chained = function (go) { if (go) tick(4); return callerName() }
function Model(this: unknown) {}
Model.prototype.save = function (go?: boolean) { if (go) tick(5); return callerName() }
pp.named = function own(go) { if (go) tick(6); return callerName() }
// After `this.`, V8 names the function after its constructor and the member (`Service.run`).
function Service(this: { run?: Fn }) { this.run = function (go) { if (go) tick(9); return callerName() } }
const holder = (): Record<string, Fn> => pp
holder().viaCall = function (go) { if (go) tick(10); return callerName() }
// A setter that freezes what it is given: the store must not throw (the function then keeps no twin).
const frozen: { fn?: Fn; kept?: Fn } = { set fn(v: Fn) { Object.freeze(v); this.kept = v } }
frozen.fn = function (go) { if (go) tick(12); return callerName() }
function setup(): Fn { const self: Record<string, Fn> = {}; self.inner = function (go) { if (go) tick(11); return callerName() }; return self.inner }
pp.plain = function () { return callerName() }

export default function main(): unknown {
  const model = new (Model as unknown as new () => { save: Fn })()
  const local: Record<string, Fn> = {}
  local.made = function (go) { if (go) tick(7); return callerName() }
  local['arrow'] = (go) => { if (go) tick(8); return callerName() }
  const service = new (Service as unknown as new () => { run: Fn })()
  const inner = setup()
  const names = new Plain(() => [pp.parse!(), pp.render!(), exportsLike.load!(), alias(), pp.chained!(), model.save(), pp.named!(), pp.plain!(), local.made!(), local.arrow!(), service.run(), pp.viaCall!(), inner(), frozen.kept!()]).names
  eq(names, ['pp.parse', 'pp.render', 'exportsLike.load', 'pp.chained', 'pp.chained', 'Model.save', 'Object.own [as named]', 'pp.plain', 'local.made', 'local.arrow', 'Service.run', 'holder.viaCall', 'self.inner', 'frozen.fn [as kept]'], 'names in stack traces')
  // The same functions suspend where they can (in a task, their twins run).
  const results = [pp.parse!(true), pp.render!(true), exportsLike.load!(true), alias(true), model.save(true), pp.named!(true), local.made!(true), local.arrow!(true), service.run(true), pp.viaCall!(true), inner(true)]
  eq(results.every((r) => typeof r === 'string'), true, 'each returns a name after suspending')
  eq(Object.isFrozen(frozen.kept), true, 'the setter froze the function')
  trace.push(names)
  return trace
}
