// Plain methods called on a `const` array literal the module keeps to itself (`xs.push(…)`) reach
// Array.prototype's built-ins (plan-local-values.ts, arrayLiteralUses' `calls`): "kept to itself" is
// checked by the uses of the array's name. A direct `eval` reads the name without using it in the text:
// here `eval('PUSHED')` hands the module's array to another module (the data: URL), which gives it an own
// `push` that suspends. The write scan marks the module unsafe for the `eval` (plan-receiver-writes.ts,
// UNTRACKED), which turns the array-loop rule off, and (since this program) the plain calls on the array
// too (plan-twins.ts). A separate program: a fix that turns plain array calls off for an unsafe module (or one with a
// direct `eval`) would hide any other case placed here.
import { hidden, isGreen } from 'greenhack'
import { put } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
  if (isGreen() && counters.sync !== 0) throw new Error(`${what}: a hidden call in the task ran its sync fallback`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

const PUSHED: number[] = [1]
function pushed(n: number): number {
  return PUSHED.push(n)
}

function leak(name: string): unknown {
  return eval(name)
}

export default function main(): unknown {
  put(leak('PUSHED'), 'push', (n: number): number => load(n) + 1)
  eq(pushed(1), 2, '`push` on the module\'s own array, handed out through a direct eval')
  return 'done'
}
