// A `for…of` over an array literal runs the built-in array iterator unless this module itself writes a
// member named `next` or `return`, or makes a write the scan cannot name (plan-receiver-writes.ts): code
// built at run time is one (the scan takes the name `Function` used as a value for one: UNTRACKED). The
// scan lets `x.constructor.m(…)` through for any member `m` but Object's defining functions
// (constructorRead), but a function's `constructor` is Function, and `Function.call(null, …text)` builds a
// function from text as `new Function(…)` does (analysis-array-loops-function-alias.ts); here that function
// replaces the array iterator's `next` with one that suspends (once, while `armed`): the module's loops
// over its own arrays must not be taken for plain. (The patch is in place only while the case runs.) A
// separate program: once the scan sees this write, it turns the array-loop rule off for the whole module,
// which would hide any other case placed here.
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

// Function, reached as a function's constructor and called through `call`: the member it writes is in a string.
const setNext = (function () {}).constructor.call(null, 'target', 'value', 'target.next = value') as (target: object, value: unknown) => void
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
  setNext(iteratorPrototype, patchedNext)
  try {
    eq(total(), 6, 'a loop over the module\'s own array, `next` replaced by a function built from text through `call`')
  } finally {
    setNext(iteratorPrototype, builtinNext)
  }
  eq(loaded, 1, 'the replaced next loaded once')
  return 'done'
}
