// Plain methods called on a `const` array literal the module keeps to itself (`xs.push(…)`) reach
// Array.prototype's built-ins (plan-local-values.ts, arrayLiteralUses' `calls`), except under a name this
// very module writes (plan-twins.ts, writesCallee; analysis-array-calls-patched.ts). Here the module
// replaces `Array.prototype.push` under a computed key, which the write scan cannot name: it marks the
// module unsafe (plan-receiver-writes.ts), which turns the array-loop rule off for the module and (since
// this program) the plain calls on its own arrays too; before, `xs.push(…)` ran the replaced push (which
// suspends once, while `armed`) as plain code. A separate program: a fix that turns plain array calls off
// for an unsafe module would hide any other case placed here.
import { hidden, isGreen } from 'greenhack'

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

let armed = false
function pushed(n: number): number {
  const xs: number[] = [n]
  armed = true
  return xs.push(n + 1)
}

// The name is made at run time: no write of a member named `push` is in this module's text.
const PUSH = ['pu', 'sh'].join('') as 'push'

export default function main(): unknown {
  const builtinPush = Array.prototype.push
  Array.prototype[PUSH] = function (this: unknown[], ...items: unknown[]): number {
    // Only the push of `pushed` loads (the runtime's own pushes must not).
    if (!armed) return builtinPush.apply(this, items)
    armed = false
    return builtinPush.apply(this, items) + load(0)
  }
  try {
    eq(pushed(1), 2, '`push` on the module\'s own array, replaced by the module itself under a computed key')
  } finally {
    Array.prototype[PUSH] = builtinPush
  }
  return 'done'
}
