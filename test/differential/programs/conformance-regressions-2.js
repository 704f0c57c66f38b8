// Regressions found by the second round of test262 runs, inside a task: `(a?.b)?.()` keeping its receiver,
// the loop's own bindings in TDZ while a for-of head is evaluated, a direct eval in an arrow nested in an
// arrow (it sees the outer function's `arguments`), and a call in a shorthand pattern default (`{ a = f() }`),
// which must dispatch like any other call in a twin.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 2 }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual, expected, what) {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async (x) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x) => { counters.sync++; return x }, name: 'tick' })

const a = { b() { return this === a ? 'a' : 'not a' }, n: null }

function headTdz() {
  const x = 'outside'
  let probe
  for (const x of (probe = () => x, [tick(1)])) tick(x)
  try { return probe() } catch (e) { return e.constructor.name }
}

function headTdzDestructured() {
  const y = 'outside'
  try {
    for (let [y] of [[tick(y)]]) tick(y)
    return 'no error'
  } catch (e) { return e.constructor.name }
}

function outer() {
  const x = () => { const t = () => eval('arguments[0]'); tick(0); return t() }
  return x()
}

function shorthandDefault(o) {
  const { p = tick('default'), q = tick('q') } = o
  let r;
  ({ r = tick('r') } = {})
  return [p, q, r]
}

function withDefaults(a = 0, { b = 0, c = tick('c') } = {}) { return [a, b, c] }

export default function main() {
  eq((a?.b)?.(), 'a', '(a?.b)?.() keeps its receiver')
  eq((a?.n)?.(), undefined, '(a?.n)?.() with a nullish member')
  eq(((a?.b))?.(tick(1)), 'a', '((a?.b))?.(x) with an argument that suspends')
  eq(headTdz(), 'ReferenceError', 'a closure in a for-of head sees the loop binding in TDZ')
  eq(headTdzDestructured(), 'ReferenceError', 'a destructured loop binding is in TDZ in its own head')
  eq(outer('first'), 'first', 'eval in a nested arrow sees the outer function\'s arguments')
  eq(shorthandDefault({ q: 'given' }), ['default', 'given', 'r'], 'shorthand defaults call through twins')
  eq(withDefaults(), [0, 0, 'c'], 'shorthand defaults in a parameter list')
  eq(withDefaults.toString(), "function withDefaults(a = 0, { b = 0, c = tick('c') } = {}) { return [a, b, c] }", 'a shorthand default is written out only where its value changes (toString)')
  return counters.asserts
}
