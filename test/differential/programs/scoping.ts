// Scoping and hoisting: function declarations hoisted (and called before their line), block-level function
// declarations in strict code, var hoisting, TDZ for let/const/class, shadowing at several levels, the
// read-only binding of a named function expression, catch-parameter scope, module-level state changed
// by functions (live bindings read by main), and `typeof` on undeclared names.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }  // 1 = 1 (module top level, outside any task), annotated below
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
export let moduleState = 0
export function bump() { moduleState = tick(moduleState) + 1; return moduleState }
const early = hoisted(2)
function hoisted(x: number) { return x * 3 }
// sync fallback ×1: bump() at the module's top level runs at import, outside any task (the harness counts the module's every sync call)
const topLevelCalls: number[] = [early, bump()]

function blockFunctions(flag: boolean) {
  const out: unknown[] = []
  {
    out.push(inner())
    function inner() { return tick('block fn') }
  }
  out.push(typeof (globalThis as any).inner)
  if (flag) {
    function cond() { return 'cond' }
    out.push(cond())
  }
  return out
}
function varHoisting() {
  const before = typeof v
  var v = tick(1)
  for (var i = 0; i < 2; i++) { var inLoop = i }
  return [before, v, i, inLoop]
}
function tdz() {
  const res: string[] = []
  res.push(caught(() => letVar))
  res.push(caught(() => new Cls()))
  let letVar = tick('ok')
  class Cls {}
  res.push(caught(() => letVar))
  return res
}
function shadowing() {
  const x = 'outer'
  const r: string[] = []
  {
    const x = tick('block')
    r.push(x)
    {
      const f = (x: string) => x + '!'
      r.push(f('param'))
    }
    r.push((() => { const x = 'arrow'; return x })())
  }
  r.push(x)
  return r
}
function namedExpressionBinding() {
  const f = function fact(n: number): number {
    return n <= 1 ? tick(1) : n * fact(n - 1)
  }
  const g = function self() { try { (self as any) = null; return 'assigned' } catch (e) { return (e as Error).constructor.name + ': ' + (e as Error).message } }
  return [f(5), g()]
}
function catchScopes() {
  const fns: (() => unknown)[] = []
  for (const msg of ['a', 'b']) {
    try { throw new Error(tick(msg)) } catch (e) { fns.push(() => (e as Error).message) }
  }
  let e = 'outer e'
  try { throw 'inner' } catch (e) { e = 'changed inner' }
  return [fns.map((f) => f()), e]
}

export default function main(): unknown {
  eq(topLevelCalls, [6, 1], 'top-level calls at module evaluation (outside any task)')
  eq([bump(), bump(), moduleState], [2, 3, 3], 'module state through exported function')
  eq(blockFunctions(true), ['block fn', 'undefined', 'cond'], 'block-level functions')
  eq(varHoisting(), ['undefined', 1, 2, 1], 'var hoisting')
  eq(tdz(), ["ReferenceError: Cannot access 'letVar' before initialization", "ReferenceError: Cannot access 'Cls' before initialization", '"ok"'], 'TDZ')
  eq(shadowing(), ['block', 'param!', 'arrow', 'outer'], 'shadowing')
  eq(namedExpressionBinding(), [120, 'TypeError: Assignment to constant variable.'], 'named function expression binding')
  eq(catchScopes(), [['a', 'b'], 'outer e'], 'catch scopes')
  eq([typeof (globalThis as any).notDeclaredAnywhere, typeof undeclaredIdentifierHere], ['undefined', 'undefined'], 'typeof undeclared')
  eq(caught(() => undeclaredIdentifierHere), 'ReferenceError: undeclaredIdentifierHere is not defined', 'undeclared read')
  eq(caught(() => { (globalThis as any).x = undefined; (undeclaredAssign as any) = tick(1) }), 'ReferenceError: undeclaredAssign is not defined', 'assignment to undeclared in strict code')
  log([moduleState, shadowing(), namedExpressionBinding()])
  return trace
}
declare const undeclaredIdentifierHere: unknown
declare let undeclaredAssign: unknown
