// Regressions found by the test262 runs (each once miscompiled): argument order with an assignment in a
// later argument, `(a.b)?.()` keeping its receiver, a class field without a semicolon before a method's
// twin, Array.from reading values between map calls, and a direct eval inside a method.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual, expected, what) {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async (x) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x) => { counters.sync++; return x }, name: 'tick' })

function pair(a, b) { return [tick(a), b] }
class Fields {
  m(f) { return f(tick(1)) }
  x = 1
  y = 2
}
const a = { b() { return this === a ? 'a' : 'not a' } }

export default function main() {
  let y = 0
  eq(pair(y, y = 1), [0, 1], 'arguments are read in order, before a later assignment')
  eq((a.b)?.(), 'a', '(a.b)?.() keeps its receiver')
  const fields = new Fields()
  eq([fields.m((v) => v + 1), fields.x, fields.y], [2, 1, 2], 'class fields without semicolons')
  const source = [1, 2, 3]
  eq(Array.from(source, (v, i) => { if (i === 0) source[2] = 99; return tick(v) }), [1, 2, 99], 'Array.from reads values between map calls')
  const proto = { x: 'from proto' }
  const o = { __proto__: proto, m(g) { g(); return eval('super.x') } }
  eq(o.m(() => tick(0)), 'from proto', 'direct eval in a method sees the method\'s super')
  return counters.asserts
}
