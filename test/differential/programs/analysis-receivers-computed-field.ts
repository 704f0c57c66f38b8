// A field under a computed key gives every fresh instance an own property whose name the analysis cannot
// know, here the name of a method that a module-level function calls on an instance it makes: the class's
// instances do not start plain (plan-receivers.ts, instancesStartPlain), and such a field, like a computed
// member write, turns receivers off for the module (plan-receiver-writes.ts).
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

const key = 'go'
class Computed {
  [key] = load
  go(n: number): number { return n * 0 }
}
function computed(): number { return new Computed().go(9) }

export default function main(): unknown {
  eq(computed(), 9, 'a field under a computed key on a made class')
  return ['done']
}
