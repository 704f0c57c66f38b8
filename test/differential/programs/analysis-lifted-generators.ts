// A lifted twin receives the values of the variables it takes from the functions around it when it is
// called (plan-lifted-twins.ts), which is sound only if they cannot change while it runs. Inside an
// ordinary function nothing but a nested closure (an assignment, which the rule sees) can run the
// function's own code meanwhile; inside a generator the closure itself can: calling `next()` resumes the
// generator, whose body then runs a `var` re-declaration with an initialiser, a `for (var … of/in …)`,
// a `var` over a parameter, or an assignment, all while the closure's twin is on the stack. Each case
// guards one rule (named below): weaken it and the lifted twin reads the stale value.
// The last case is the control: a closure of a generator whose variables do not change is lifted.
import { hidden, isGreen } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

type Steps = Generator<() => number, void, unknown>
/** Makes the generator, takes the closure it yields first, and calls it (it resumes the generator itself). */
function firstClosure(make: () => Steps, set: (g: Steps) => void): number {
  const g = make()
  set(g)
  return (g.next().value as () => number)()
}

// Rule: a `var` with more than one initialiser is not fixed (plan-lifted-twins.ts, `inits`).
let g1: Steps
function* redeclared(): Steps {
  var a = 1
  const f = (): number => { g1.next(); return load(a) }
  yield f
  var a = 2
  yield f
}
// Rule: `for (var x of …)` assigns x on every iteration (plan-lifted-twins.ts, ForOfStatement). The loop
// head is the var's only declaration: with a second one, the rule on re-declared vars would catch it too.
let g2: Steps
function* forOfVar(): Steps {
  const f = (): number => { g2.next(); return load(b ?? 1) }
  yield f
  for (var b of [3]) void b
  yield f
}
// The same for `for (var x in …)`.
let g3: Steps
function* forInVar(): Steps {
  const f = (): number => { g3.next(); return load(k === 'x' ? 5 : 1) }
  yield f
  for (var k in { x: 0 }) void k
  yield f
}
// Rule: `var p = …` over a parameter assigns the parameter (plan-lifted-twins.ts, `written`).
let g4: Steps
function* overParameter(p: number): Steps {
  const f = (): number => { g4.next(); return load(p) }
  yield f
  var p = 7
  yield f
}
// Rule: an assignment writes the binding (plan-lifted-twins.ts, AssignmentExpression).
let g5: Steps
function* assigned(): Steps {
  let c = 1
  const f = (): number => { g5.next(); return load(c) }
  yield f
  c = 9
  yield f
}
// Control: nothing writes `d`, so this closure's twin is lifted (the rules above are what keeps the
// others from being lifted), and it still suspends.
let g6: Steps
function* unchanged(): Steps {
  const d = 11
  const f = (): number => { g6.next(); return load(d) }
  yield f
  yield f
}

export default function main(): unknown {
  eq(firstClosure(redeclared, (g) => { g1 = g }), 2, 'a var re-declared with an initialiser while the closure runs')
  eq(firstClosure(forOfVar, (g) => { g2 = g }), 3, 'a var re-bound by for…of while the closure runs')
  eq(firstClosure(forInVar, (g) => { g3 = g }), 5, 'a var re-bound by for…in while the closure runs')
  eq(firstClosure(() => overParameter(6), (g) => { g4 = g }), 7, 'a parameter re-declared with an initialiser while the closure runs')
  eq(firstClosure(assigned, (g) => { g5 = g }), 9, 'a let assigned while the closure runs')
  eq(firstClosure(unchanged, (g) => { g6 = g }), 11, 'a lifted closure of a generator')
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return ['done']
}
