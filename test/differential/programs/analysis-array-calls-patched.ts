// Plain methods called on a `const` array literal the module keeps to itself (`xs.push(…)`) reach
// Array.prototype's built-ins (plan-local-values.ts, arrayLiteralUses' `calls`). Built-ins are trusted
// except under a name this very module writes (docs/architecture.md, Pruning; plan-twins.ts, writesCallee):
// here the module replaces `Array.prototype.push` with a function that suspends (once, while `armed`), so
// the call on its own array must be dispatched too (plan-twins.ts applies writesCallee to arrayLiteralUses'
// calls as to other plain calls). A separate program: the write of `push` makes every `push` here a
// dispatched call.
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

export default function main(): unknown {
  const builtinPush = Array.prototype.push
  Array.prototype.push = function (this: unknown[], ...items: unknown[]): number {
    // Only the push of `pushed` loads (the runtime's own pushes must not).
    if (!armed) return builtinPush.apply(this, items)
    armed = false
    return builtinPush.apply(this, items) + load(0)
  }
  try {
    eq(pushed(1), 2, '`push` on the module\'s own array, replaced by the module itself')
  } finally {
    Array.prototype.push = builtinPush
  }
  return 'done'
}
