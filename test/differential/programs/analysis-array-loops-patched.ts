// A `for…of` over an array literal runs the built-in array iterator; the analysis assumes built-ins are
// not replaced by green functions, except by this very module (plan-twins.ts): this module replaces the
// array iterator's `next` with a function that suspends (once, while `armed`), so its loops over its own
// arrays are not taken for plain. (The patch is in place only while the case runs.)
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

const LIST = [1, 2, 3]
let armed = false
let loaded = 0
function total(): number {
  let sum = 0
  armed = true
  for (const x of LIST) sum += x
  armed = false
  return sum
}

const iteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]())
const builtinNext = iteratorPrototype.next
function patchedNext(this: Iterator<unknown>): IteratorResult<unknown> {
  if (armed) {
    armed = false
    loaded += load(1)
  }
  return builtinNext.call(this)
}

export default function main(): unknown {
  iteratorPrototype.next = patchedNext
  try {
    eq(total(), 6, 'a loop over the module\'s own array, the iterator replaced by the module')
  } finally {
    iteratorPrototype.next = builtinNext
  }
  eq(loaded, 1, 'the replaced next loaded once')
  return 'done'
}
