// A `for…of` over a `const` array literal the module keeps to itself runs the built-in array iterator
// (plan-local-values.ts, arrayLiteralUses). What this program shows is the documented assumption that
// built-ins are not replaced or extended by other modules (docs/architecture.md, Pruning): another module
// (the data: URL) gives %IteratorPrototype% a `return` that suspends, and a loop left early calls it from
// plain code, so its hidden call runs the sync implementation: `expect.syncInTask` is that one fallback.
import { hidden, isGreen } from 'greenhack'
import { put, del } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const del = (o, k) => { delete o[k] }'

export const expect = { suspends: true, syncInTask: 1 }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// A loop left early (`break`, here out of a labelled loop, through a `finally`) calls its iterator's
// `return`, which the array iterator does not have of its own: it is looked up on the shared
// %IteratorPrototype%, where another module can add one. The rule asks only whether this module writes a
// member named `return`; the plain run calls the added one from the built-in loop, where it cannot
// suspend: sync fallback ×1, a built-in extended by another module.
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
  eq(isGreen() ? counters.sync : 1, 1, 'in a task, the added `return` ran as plain code, once')
  return 'done'
}
