// Names the analysis resolves statically (plan-suspension.ts `moduleFunctions`: a module-level function
// bound once is seen through; plan-twins.ts `declaredNames`: `Math.*`, `JSON.*`, `parseInt` are plain unless
// the module declares the name; plan-checked-bindings.ts: a constant called by name is checked once) are
// shadowed here by bindings of every other kind, each holding a hidden function: a catch parameter, an
// object or array pattern parameter, a default parameter, an arrow's parameter, a block function and a
// class's method parameter. Each function below makes no other call, so it keeps its twin (and suspends)
// only because the shadowing binding is counted: drop the count for its kind and it runs plain, and the
// hidden call takes its sync fallback (checked by dropping, one at a time, the catch parameter and the
// parameter counts in moduleFunctions and the parameter names in declaredNames). Any hidden call the task
// reaches must suspend.
import { hidden, isGreen } from 'greenhack'
import { twice } from 'data:text/javascript,export const twice = (x) => x * 2;'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })
type Fn = (x: number) => number

// Module-level, plain, each shadowed by one binding of one kind below (a name bound twice is not seen
// through whatever the second binding is, so one name per kind).
function byCatch(x: number): number { return x * 10 }
function byObjectPattern(x: number): number { return x * 10 }
function byArrayPattern(x: number): number { return x * 10 }
function byDefault(x: number): number { return x * 10 }
function byArrowParam(x: number): number { return x * 10 }
function byBlockFunction(x: number): number { return x * 10 }
function byMethodParam(x: number): number { return x * 10 }
// Checked bindings (another module's function without a twin): they pass their checks.
const checkedByCatch = twice
const checkedByPattern = twice

// Rule: a catch parameter counts as a binding (moduleFunctions, CatchClause).
function viaCatch(x: number): number {
  try { throw load } catch (byCatch) { return (byCatch as Fn)(x) }
}
// Rule: parameters count, through object and array patterns and defaults (moduleFunctions, boundNames).
function viaObjectPattern({ byObjectPattern }: { byObjectPattern: Fn }, x: number): number { return byObjectPattern(x) }
function viaArrayPattern([byArrayPattern]: Fn[], x: number): number { return byArrayPattern(x) }
function viaDefault(x: number, byDefault: Fn = load): number { return byDefault(x) }
const viaArrowParam = (byArrowParam: Fn, x: number): number => byArrowParam(x)
// Rule: a function declaration in a block counts (moduleFunctions, FunctionDeclaration).
function viaBlockFunction(x: number): number {
  { function byBlockFunction(y: number): number { return load(y) } return byBlockFunction(x) }
}
// Rule: a method's parameter counts (a class method is a FunctionExpression).
class Runner { run(byMethodParam: Fn, x: number): number { return byMethodParam(x) } }
// The same over checked bindings: shadowed, they are neither checked nor seen through.
function checkedViaCatch(x: number): number {
  try { throw load } catch (checkedByCatch) { return (checkedByCatch as Fn)(x) }
}
function checkedViaPattern({ checkedByPattern }: { checkedByPattern: Fn }, x: number): number { return checkedByPattern(x) }
// Rule: plain built-ins only when the module declares no binding of their name (declaredNames): a catch
// parameter, a pattern parameter.
function jsonViaCatch(s: number): number {
  try { throw { parse: load } } catch (JSON) { return (JSON as { parse: Fn }).parse(s) }
}
function mathViaPattern({ Math }: { Math: { max: Fn } }, x: number): number { return Math.max(x) }
function parseIntViaDefault(x: number, parseInt: Fn = load): number { return parseInt(x) }

export default function main(): unknown {
  eq([byCatch, byObjectPattern, byArrayPattern, byDefault, byArrowParam, byBlockFunction, byMethodParam].map((f) => f(1)), [10, 10, 10, 10, 10, 10, 10], 'the module-level functions')
  eq(viaCatch(2), 2, 'a catch parameter')
  eq(viaObjectPattern({ byObjectPattern: load }, 3), 3, 'an object pattern parameter')
  eq(viaArrayPattern([load], 4), 4, 'an array pattern parameter')
  eq(viaDefault(5), 5, 'a default parameter')
  eq(viaArrowParam(load, 6), 6, "an arrow's parameter")
  eq(viaBlockFunction(7), 7, 'a block function')
  eq(new Runner().run(load, 8), 8, "a method's parameter")
  eq([checkedByCatch(9), checkedByPattern(9)], [18, 18], 'the checked bindings')
  eq(checkedViaCatch(10), 10, 'a checked binding shadowed by a catch parameter')
  eq(checkedViaPattern({ checkedByPattern: load }, 11), 11, 'a checked binding shadowed by a pattern parameter')
  eq(jsonViaCatch(12), 12, 'JSON shadowed by a catch parameter')
  eq(mathViaPattern({ Math: { max: load } }, 13), 13, 'Math shadowed by a pattern parameter')
  eq(parseIntViaDefault(14), 14, 'parseInt shadowed by a default parameter')
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return ['done']
}
