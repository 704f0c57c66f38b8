// A `for…of` over a `const` array literal the module keeps to itself runs the built-in array iterator
// (plan-local-values.ts, arrayLiteralUses): more shapes beyond analysis-array-loops-escapes.ts. A case that
// names a rule is one where another module (the data: URL) gives the loop an iterator that suspends, which
// that rule (weakened in src/, as its comment says) keeps from being run as plain code; the last is kept
// to itself, plain, and right.
import { hidden, isGreen } from 'greenhack'
import { put } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }'

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

/** An iterator over the array's elements that loads each one. */
function loudIterator(this: number[]): Iterator<number> {
  const list = this
  let i = 0
  return { next: (): IteratorResult<number> => (i < list.length ? { value: load(list[i++]!), done: false } : { value: undefined, done: true }) }
}

// Rule: a named function expression binds its name inside itself (checkArray's count of bindings): the
// loop over `LISTED2` in the function is over the function itself, which another module has given a
// suspending iterator, not over the module's array of that name. (The function's name is also a use of the
// name that is not allowed: only weakening both rules together fails this case.)
const LISTED2 = [4, 5]
const named2 = function LISTED2(): number {
  let sum = 0
  for (const x of LISTED2 as unknown as number[]) sum += x
  return sum
}
function namedExpression(): number {
  put(named2, Symbol.iterator, function (this: unknown) { return loudIterator.call([20]) })
  return named2() + LISTED2.length - 1
}

// Kept to itself, grown while it is iterated (the built-in iterator reads the length at each step), and
// captured by a closure that is handed out: plain, and right.
function grower(): () => number {
  const grown = [1, 2]
  return (): number => {
    let sum = 0
    for (const x of grown) if (grown.length < 5) { grown.push(x + 2); sum += x }
    return sum
  }
}
function grown(): number {
  return load(30) + grower()()
}

export default function main(): unknown {
  eq(load(0) + namedExpression(), 21, 'a named function expression named like the array')
  eq(grown(), 36, 'an array grown while iterated, in a closure handed out')
  if (fell.length > 0) throw new Error(`hidden calls in the task ran their sync fallback: ${fell.join('; ')}`)
  return 'done'
}
