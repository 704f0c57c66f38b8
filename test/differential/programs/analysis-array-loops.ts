// A `for…of` over an array literal the module keeps to itself runs the built-in array iterator, which
// cannot suspend (plan-local-values.ts, arrayLiteralUses): a function whose only unknown was such a loop
// runs as written, with no twin. Each case below is an array that another module (the data: URL) is handed,
// and gives an iterator of its own that suspends: the loop must go through the twin, and suspend.
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

// Rule: a module-level array handed to another module (anywhere in the module) is not the module's own.
const HANDED = [1, 2, 3]
put(HANDED, Symbol.iterator, loudIterator)
function sumHanded(): number {
  let sum = 0
  for (const x of HANDED) sum += x
  return sum
}

// Rule: the same for an array local to the function.
function sumLocal(): number {
  const xs = [4, 5]
  put(xs, Symbol.iterator, loudIterator)
  let sum = 0
  for (const x of xs) sum += x
  return sum
}

// Rule: only the array declared at the top of the function counts (a nested block's `xs` is another binding).
function sumShadowed(): number {
  const xs = [6]
  let sum = 0
  {
    const xs = [7, 8]
    put(xs, Symbol.iterator, loudIterator)
    for (const x of xs) sum += x
  }
  for (const x of xs) sum += x
  return sum
}

// Kept to itself: plain, and right.
const TABLE = [1, 2, 3, 4]
function sumTable(): number {
  let sum = 0
  for (const cell of TABLE) sum += cell
  return sum
}
function sumOwn(n: number): number {
  const xs = [n, n + 1, n + 2]
  let sum = 0
  for (const x of xs) sum += x
  xs.push(1)
  for (const x of [...xs, n]) sum += x
  return sum
}
// An array literal iterated where it is written: a fresh array.
function sumFresh(n: number): number {
  let sum = 0
  for (const x of [n, n * 2]) sum += x
  return sum
}

export default function main(): unknown {
  eq(sumHanded(), 6, 'a module-level array handed out')
  eq(sumLocal(), 9, 'a local array handed out')
  eq(sumShadowed(), 21, 'a nested block\'s array of the same name handed out')
  eq(load(0) + sumTable(), 10, 'a module-level table kept to itself')
  eq(load(0) + sumOwn(1), 14, 'a local array kept to itself')
  eq(load(0) + sumFresh(2), 6, 'an array literal iterated')
  return 'done'
}
