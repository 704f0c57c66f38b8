// A constructor's `this.f = …` is exempt from the write scan (it stores into the instance being made), but
// an arrow written in a constructor or a field initialiser may run any time later, here as a coercion hook
// in the middle of a guarded method's plain run: its stores are ordinary writes (plan-receiver-writes.ts).
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

// (A module-level function is stored, not an arrow written in the hook: that one would make the hook call
// out, which analysis-hooks-call-out.ts covers.)
const loud = (): number => load(2)
class Later {
  hook: { toString(): string }
  constructor() { this.hook = { toString: (): string => { this.go1 = loud; return '' } } }
  go1(): number { return 0 }
  run(): number { const s = `${this.hook}`; return this.go1() + s.length }
}
const evil = { charCodeAt: (i: number): number => load(3 + i) }
class FieldArrow {
  text: any = 'abc'
  hook = { valueOf: (): number => { this.text = evil; return 0 } }
  run(): number { const z = +this.hook; return this.text.charCodeAt(0) + z }
}

export default function main(): unknown {
  eq(new Later().run(), 2, "a constructor's arrow, run later, stores a method")
  eq(new FieldArrow().run(), 3, "a field initialiser's arrow, run later, replaces a string field")
  return ['done']
}
