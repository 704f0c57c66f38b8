// A `for…of` over a `const` array literal the module keeps to itself runs the built-in array iterator
// (plan-local-values.ts, arrayLiteralUses). These cases are shapes the check of "kept to itself" already
// refuses, each by one rule of checkArray (named in its comment; with that rule weakened alone in src/,
// the case falls back to `load`'s sync implementation): the array is handed to another module (the data:
// URL), which gives it an iterator that suspends, or the name looped over is another binding.
import { hidden, isGreen } from 'greenhack'
import { put } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }'

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

/** An iterator over the array's elements that loads each one. */
function loudIterator(this: number[]): Iterator<number> {
  const list = this
  let i = 0
  return { next: (): IteratorResult<number> => (i < list.length ? { value: load(list[i++]!), done: false } : { value: undefined, done: true }) }
}
function loud(values: number[]): number[] {
  put(values, Symbol.iterator, loudIterator)
  return values
}

// Rule: a function's parameters are bindings of the name too (checkArray's count of bindings): the loop
// over the parameter `LISTED` is not a loop over the module's own array of that name.
const LISTED = [1, 2]
function sumParameter(LISTED: Iterable<number>): number {
  let sum = 0
  for (const x of LISTED) sum += x
  return sum
}

// Rule: so is a catch clause's parameter. (Both also rely on the declaring identifier being a use of the
// name that is not allowed: only weakening both rules together fails these two cases.)
const CAUGHT = [3, 4]
function sumCaught(thrown: unknown): number {
  let sum = 0
  try {
    throw thrown
  } catch (CAUGHT) {
    for (const x of CAUGHT as number[]) sum += x
  }
  return sum
}

// Rule: a method call on the array other than a plain one (`valueOf` returns the array itself).
function sumValueOf(): number {
  const xs = [7, 8]
  put(xs.valueOf(), Symbol.iterator, loudIterator)
  const total = (): number => { let sum = 0; for (const x of xs) sum += x; return sum }
  return total()
}

// Kept to itself, and iterated with its plain methods called: plain, and right.
function sumOwn(): number {
  let sum = 0
  for (const x of LISTED) sum += x
  for (const x of CAUGHT) sum += x
  return sum
}

export default function main(): unknown {
  eq(sumParameter(loud([11, 12])), 23, 'a parameter named like a module-level array')
  eq(sumCaught(loud([5, 6])), 11, 'a catch parameter named like a module-level array')
  eq(sumValueOf(), 15, 'a local array handed out by `valueOf()`')
  eq(load(0) + sumOwn(), 10, 'module-level arrays kept to themselves')
  return 'done'
}
