// Hidden functions used every way a function can be: nested hidden calls, as callbacks, as methods
// (this passed to the implementations), through optional calls, spread, defaults, conditions and loop
// heads, returning functions that are then called, returning special values (undefined, null, NaN, -0,
// objects whose identity must survive), errors from the async implementation, and hundreds of sequential
// suspensions in one task.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }  // 1 = 1 (a parameter default), annotated below
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
const shared = { identity: 'object' }
const add = hidden(async function (this: any, a: number, b: number) { counters.async++; await null; return (this?.base ?? 0) + a + b },
  { sync(this: any, a: number, b: number) { counters.sync++; return (this?.base ?? 0) + a + b }, name: 'add' })
const makeFn = hidden(async (k: number) => { counters.async++; await new Promise((r) => setTimeout(r, 0)); return (x: number) => x * k },
  { sync: (k: number) => { counters.sync++; return (x: number) => x * k } })
const failWith = hidden(async (msg: string) => { counters.async++; await null; const e = new SyntaxError(msg); (e as any).extra = [1, 2]; throw e },
  { sync: (msg: string) => { counters.sync++; const e = new SyntaxError(msg); (e as any).extra = [1, 2]; throw e } })
const noArgs = hidden(async () => { counters.async++; return 'no args' }, { sync: () => { counters.sync++; return 'no args' } })
const immediate = hidden(async (x: unknown) => { counters.async++; return x }, { sync: (x: unknown) => { counters.sync++; return x } })

// sync fallback ×1: a parameter default (yield is not allowed there)
function withDefault(v = tick('default via hidden')) { return v }

export default function (): unknown {
  eq(tick(tick(tick(1)) + 1), 2, 'nested hidden calls')
  eq([1, 2, 3].map(tick), [1, 2, 3], 'hidden function as a map callback')
  eq([1, 2, 3].map((x) => tick(x) + tick(x)), [2, 4, 6], 'two hidden calls per callback')
  const holder = { base: 100, add }
  eq([holder.add(1, 2), add(1, 2), add.call({ base: 10 }, 1, 2)], [103, 3, 13], 'this reaches the implementation')
  eq(makeFn(3)(tick(5)), 15, 'hidden call returning a function')
  eq([tick(undefined), tick(null), Number.isNaN(tick(NaN)), Object.is(tick(-0), -0), tick(shared) === shared], [undefined, null, true, true, true], 'special values and identity')
  eq(noArgs(), 'no args', 'no arguments')
  eq(immediate('resolved without a timer'), 'resolved without a timer', 'implementation that never awaits')
  const maybe: { tick?: typeof tick } = { tick }
  eq([maybe.tick?.('opt'), maybe?.tick!('opt2'), (undefined as any)?.tick('x')], ['opt', 'opt2', undefined], 'optional calls of a hidden function')
  eq(tick(...(['spread'] as [string])), 'spread', 'spread arguments')
  eq(withDefault(), 'default via hidden', 'hidden call in a default parameter')
  let n = 0
  while (tick(n) < 3) n++
  eq(n, 3, 'hidden call in a loop condition')
  eq(tick(true) ? tick('yes') : tick('no'), 'yes', 'hidden calls in a conditional')
  eq(tick(0) || tick('') || tick('third'), 'third', 'hidden calls in logical chains')
  try { failWith('bad input') } catch (e) {
    eq([(e as Error).constructor.name, (e as Error).message, (e as any).extra, e instanceof SyntaxError], ['SyntaxError', 'bad input', [1, 2], true], 'error from the implementation')
  }
  let sum = 0
  for (let i = 0; i < 500; i++) sum += tick(i)
  eq(sum, 124750, '500 sequential suspensions')
  const results: number[] = []
  for (let i = 0; i < 50; i++) results.push(add(i, tick(i)))
  eq(results.reduce((s, v) => s + v, 0), 2450, 'mixed hidden functions in a loop')
  const aliased = tick
  const o = { ['computed' + 'Tick']: tick }
  eq([aliased('alias'), o.computedTick('computed'), (0, tick)('comma')], ['alias', 'computed', 'comma'], 'aliases')
  eq(typeof tick.async('promise').then, 'function', '.async returns a promise')
  log([sum, results.length])
  return trace
}
