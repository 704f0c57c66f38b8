// A `for…of` over a `const` array literal the module keeps to itself runs the built-in array iterator
// (plan-local-values.ts, arrayLiteralUses), and so do the array's plain methods. "Kept to itself" is
// checked by the uses of the array's name; each case below hands the array to another module (the data:
// URL) through an expression whose value is the array itself, which the check did not see before its
// rule was added (a method returning the array, an optional, computed or tagged call): the other module
// gives it an iterator (or a `push`) that suspends, which the loop must not run as plain code. The loops over local arrays sit in an arrow of their own, so that the call handing
// the array out (which gives its function a twin) is not in the function that loops.
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

// Rule (a hole until it was added): `reverse()` is a plain method, and returns the array itself (a module-level array).
const REVERSED = [3, 2, 1]
put(REVERSED.reverse(), Symbol.iterator, loudIterator)
function sumReversed(): number {
  let sum = 0
  for (const x of REVERSED) sum += x
  return sum
}

// Rule (a hole until it was added): so does `fill()` (a local array, looped over in an arrow).
function sumFilled(): number {
  const xs = [0, 0]
  put(xs.fill(5), Symbol.iterator, loudIterator)
  const total = (): number => { let sum = 0; for (const x of xs) sum += x; return sum }
  return total()
}

// Rule (a hole until it was added): and `copyWithin()`.
function sumCopied(): number {
  const xs = [1, 2]
  put(xs.copyWithin(0, 1), Symbol.iterator, loudIterator)
  const total = (): number => { let sum = 0; for (const x of xs) sum += x; return sum }
  return total()
}

// Rule (a hole until it was added): a method called through optional chaining (`xs?.m()`) is not checked against the plain methods.
function sumOptional(): number {
  const xs = [3, 4]
  put(xs?.valueOf(), Symbol.iterator, loudIterator)
  const total = (): number => { let sum = 0; for (const x of xs) sum += x; return sum }
  return total()
}

// Rule (a hole until it was added): nor is one called under a computed key (`xs['m']()`).
function sumComputed(): number {
  const xs = [5, 6]
  put(xs['valueOf'](), Symbol.iterator, loudIterator)
  const total = (): number => { let sum = 0; for (const x of xs) sum += x; return sum }
  return total()
}

// Rule (a hole until it was added): nor one used as a tag (`` xs.m`…` `` calls it with the array as `this`).
function sumTagged(): number {
  const xs = [7, 8]
  put(xs.valueOf`tag`, Symbol.iterator, loudIterator)
  const total = (): number => { let sum = 0; for (const x of xs) sum += x; return sum }
  return total()
}

// Rule (a hole until it was added): the same hand-out breaks the plain calls on a local array literal (arrayLiteralUses' `calls`):
// the other module gives it an own `push` that suspends, and `xs.push(…)` is called as written.
function pushed(): number {
  const xs: number[] = []
  put(xs.reverse(), 'push', (v: number): number => load(v))
  return xs.push(7)
}

export default function main(): unknown {
  eq(load(0) + sumReversed(), 6, 'a module-level array handed out by `reverse()`')
  eq(sumFilled(), 10, 'a local array handed out by `fill()`')
  eq(sumCopied(), 4, 'a local array handed out by `copyWithin()`')
  eq(sumOptional(), 7, 'a local array handed out by `xs?.valueOf()`')
  eq(sumComputed(), 11, "a local array handed out by `xs['valueOf']()`")
  eq(sumTagged(), 15, 'a local array handed out by `` xs.valueOf`tag` ``')
  eq(pushed(), 7, 'a local array given an own `push` after `reverse()` handed it out')
  if (fell.length > 0) throw new Error(`hidden calls in the task ran their sync fallback: ${fell.join('; ')}`)
  return 'done'
}
