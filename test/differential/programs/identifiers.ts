// User identifiers that look like compiler temporaries (__gh, __ghT, __gh0, __ghargs, __ghK) at module
// level, in functions, as parameters, as properties and as labels, and globals of the same names: the
// compiled code must neither clash with them nor shadow them.
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
const __gh0 = 'module __gh0'
const __ghargs = 'module __ghargs'
const __ghK = ['module __ghK']
;(globalThis as any).__ghGlobal = 'global'
function readsModuleLevel() { return [tick(__gh0), __ghargs, __ghK[0]] }
function shadows(__gh1: string) { const __gh2 = 'local two'; return [tick(__gh1), __gh2, tick(__gh2 + '!')] }
function usesArguments() { const __ghargs = 'local args'; return (() => [arguments.length, __ghargs, tick(arguments[0])])() }
const holder = { __gh: 'prop', __ghT() { return tick('method named __ghT') } }

export default function main(): unknown {
  eq(readsModuleLevel(), ['module __gh0', 'module __ghargs', 'module __ghK'], 'module-level look-alikes')
  eq(shadows('param one'), ['param one', 'local two', 'local two!'], 'parameters and locals')
  eq(usesArguments('a', 'b'), [2, 'local args', 'a'], 'a local named like the arguments temporary')
  eq([holder.__gh, holder.__ghT()], ['prop', 'method named __ghT'], 'properties and methods')
  __gh3: for (let i = 0; i < 3; i++) { if (tick(i) === 1) break __gh3 }
  const __gh = { nf: (x: unknown) => 'user nf ' + x }
  eq([__gh.nf(tick(1)), (globalThis as any).__ghGlobal], ['user nf 1', 'global'], 'a local named like the runtime handle')
  log([readsModuleLevel(), shadows('again')])
  delete (globalThis as any).__ghGlobal
  return trace
}
