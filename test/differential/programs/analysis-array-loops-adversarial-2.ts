// A `for…of` over a `const` array literal the module keeps to itself runs the built-in array iterator
// (plan-local-values.ts, arrayLiteralUses), a second adversarial round. A case marked "Hole" is one the
// analysis takes for plain although another module (the data: URL) makes the loop call a function that
// suspends, so the green run falls back to `load`'s sync implementation.
import { hidden, isGreen } from 'greenhack'
import { put, del } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const del = (o, k) => { delete o[k] }'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

let seen = 0
const fell: string[] = []
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
  // Every case is run, so that a failure names all the shapes that still break the analysis.
  if (isGreen() && counters.sync !== seen) fell.push(what)
  seen = counters.sync
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Hole: a loop left early (`break`, here out of a labelled loop, through a `finally`) calls its
// iterator's `return`, which the array iterator does not have of its own: it is looked up on the shared
// %IteratorPrototype% (and Object.prototype), where another module can add one. The rule only asks
// whether this module writes a member named `return`; the plain run calls the added one from the
// built-in loop, where it cannot suspend. (If members added to built-in prototypes by other modules are
// to be assumed away, as the sealed-class rule assumes of accessors added to Object.prototype, then
// docs/architecture.md's Pruning should say so for loops, and this case becomes a statement of it.)
const STOPPED = [1, 2, 3]
let armed1 = false
function firstOver(limit: number): number {
  let found = 0
  outer: for (const x of STOPPED) {
    try {
      if (x > limit) { found = x; break outer }
    } finally {
      found += 0
    }
  }
  return found
}
function stopped(): number {
  const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))
  // Only this case's loop loads (the runtime's own loops must not), and only while it runs.
  put(iteratorPrototype, 'return', function (this: unknown): IteratorResult<unknown> {
    if (armed1) { armed1 = false; load(10) }
    return { value: undefined, done: true }
  })
  try {
    armed1 = true
    return firstOver(1) + 8
  } finally {
    armed1 = false
    // (Removed by the other module: a `delete` here would turn the rule off for the whole module.)
    del(iteratorPrototype, 'return')
  }
}

export default function main(): unknown {
  eq(load(0) + stopped(), 10, 'a loop left early, its iterator given a `return` by another module')
  if (fell.length > 0) throw new Error(`hidden calls in the task ran their sync fallback: ${fell.join('; ')}`)
  return 'done'
}
