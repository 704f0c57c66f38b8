// A `for…of` over an ordinary array in a twin reads it by index instead of calling the array iterator
// (emit-loops.ts). This program tries to tell the two apart: arrays that grow, shrink and get holes while
// they are iterated (also while the loop waits on a hidden call), indices with getters, an inherited
// index, a Proxy, subclasses, an array with its own iterator, a replaced `Array.prototype[Symbol.iterator]`,
// a replaced or suspending array-iterator `next`, an added array-iterator `return`, array-likes that borrow
// `values`, `arguments`, typed arrays, and every way out of a loop (break, continue, labels, return,
// throw, a failing index getter, which must not close the iterator).
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 6 }  // 6 = 1 (getter) + 5 (generator bodies), annotated below
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
const log = (x: unknown): void => { trace.push(x) }
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'load' })
const caught = (f: () => unknown): string => { try { return JSON.stringify(f()) } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` } }

const arrayIteratorProto = Object.getPrototypeOf([][Symbol.iterator]()) as { next: Function; return?: Function }
const originalNext = arrayIteratorProto.next
const originalValues = Array.prototype[Symbol.iterator]

function sum(xs: number[]): number { let total = 0; for (const x of xs) total += load(x); return total }
function growing(): number[] { const xs = [1, 2]; const seen: number[] = []; for (const x of xs) { seen.push(load(x)); if (xs.length < 5) xs.push(x * 10) } return seen }
function shrinking(): number[] { const xs = [1, 2, 3, 4, 5]; const seen: number[] = []; for (const x of xs) { seen.push(x); xs.length = load(3) } return seen }
function holes(): unknown[] { const xs: unknown[] = [1, , 3]; const seen: unknown[] = []; for (const x of xs) seen.push(load(x === undefined ? 'hole' : x)); return seen }
function inheritedIndex(): unknown[] {
  const xs: unknown[] = [1, , 3];
  (Array.prototype as any)[1] = 'from the prototype'
  try { const seen: unknown[] = []; for (const x of xs) seen.push(load(x)); return seen } finally { delete (Array.prototype as any)[1] }
}
function getters(): unknown[] {
  const xs = [1, 2, 3]
  // sync fallback ×1: a getter (read by the for-of over xs)
  Object.defineProperty(xs, 1, { get() { log('get 1'); return load('got') } })
  const seen: unknown[] = []
  for (const x of xs) { log(`body ${String(x)}`); seen.push(x) }
  return seen
}
function failingGetter(): string {
  const xs = [1, 2, 3]
  Object.defineProperty(xs, 1, { get() { throw new Error('index 1 failed') } })
  arrayIteratorProto.return = function () { log('return called'); return {} }
  try { return caught(() => { for (const x of xs) log(`saw ${x}`) }) } finally { delete arrayIteratorProto.return }
}
function proxied(): unknown[] {
  const target = [1, 2]
  const proxy = new Proxy(target, { get(t, key, receiver) { log(`get ${String(key)}`); return Reflect.get(t, key, receiver) } })
  const seen: unknown[] = []
  for (const x of proxy) seen.push(load(x))
  return seen
}
// sync fallback ×2: a generator method's body (Doubled's own iterator), once per element
class Doubled extends Array<number> { override *[Symbol.iterator](): IterableIterator<number> { for (let i = 0; i < this.length; i++) yield load(this[i]! * 2) } }
class Plain extends Array<number> {}
function subclasses(): unknown[] {
  const out: unknown[] = []
  for (const x of Doubled.from([1, 2])) out.push(x)
  for (const x of Plain.from([3, 4])) out.push(load(x))
  return out
}
function ownIterator(): unknown[] {
  const xs = [1, 2]
  // sync fallback ×1: a generator body (the array's own iterator)
  Object.defineProperty(xs, Symbol.iterator, { value: function* () { yield 'own'; yield load('iterator') } })
  const seen: unknown[] = []
  for (const x of xs) seen.push(x)
  return seen
}
function replacedValues(): unknown[] {
  // sync fallback ×2: a generator body (the replaced array iterator), once per element
  Array.prototype[Symbol.iterator] = function* (this: unknown[]) { for (const x of originalValues.call(this)) yield `~${String(load(x))}` } as any
  try { const seen: unknown[] = []; for (const x of [1, 2]) seen.push(x); return seen } finally { Array.prototype[Symbol.iterator] = originalValues }
}
function replacedNext(): unknown[] {
  arrayIteratorProto.next = function (this: Iterator<unknown>) { const r = originalNext.call(this); return r.done ? r : { value: load(`next ${r.value}`), done: false } }
  try { const seen: unknown[] = []; for (const x of [1, 2]) seen.push(x); return seen } finally { arrayIteratorProto.next = originalNext }
}
function addedReturn(): unknown[] {
  const seen: unknown[] = []
  arrayIteratorProto.return = function (this: object) { seen.push(`return on ${Object.prototype.toString.call(this)} ${load('r')}`); return {} }
  try {
    for (const x of [1, 2, 3]) { if (x === 2) break; seen.push(x) }
    seen.push(caught(() => { for (const x of [1, 2]) if (x === 1) throw new Error('body failed') }))
    const first = (): number | undefined => { for (const x of [5, 6]) if (x > 5) return x; return undefined }
    seen.push(first())
    for (const x of [7, 8]) seen.push(x)
  } finally { delete arrayIteratorProto.return }
  return seen
}
function arrayLikes(...rest: number[]): unknown[] {
  const seen: unknown[] = []
  const borrowed = { length: 2, 0: 'a', 1: 'b', [Symbol.iterator]: originalValues }
  for (const x of borrowed as unknown as Iterable<string>) seen.push(load(x))
  // The array iterator truncates a length that is not an integer.
  const fractional = { length: 1.5, 0: 'c', 1: 'd', [Symbol.iterator]: originalValues }
  for (const x of fractional as unknown as Iterable<string>) seen.push(x)
  for (const x of arguments) seen.push(x)
  for (const x of rest) seen.push(load(x))
  for (const x of new Uint8Array([9, 8])) seen.push(load(x))
  return seen
}
function exits(): unknown[] {
  const out: unknown[] = []
  outer: for (const x of [1, 2, 3, 4]) {
    for (const y of ['a', 'b']) {
      if (x === 1) continue outer
      if (x === 4) break outer
      if (y === 'b') continue
      out.push(`${x}${load(y)}`)
    }
  }
  const fns: (() => number)[] = []
  for (const x of [10, 20]) fns.push(() => x)
  out.push(fns.map((f) => f()))
  let a = 0, b = 0
  for ([a, b] of [[1, 2], [3, 4]]) out.push(load(a + b))
  const target: Record<string, number> = {}
  for (target.k of [load(5), 6]) out.push(target.k)
  return out
}
function mutatedWhileWaiting(): unknown[] {
  const xs = [1, 2, 3]
  const seen: unknown[] = []
  for (const x of xs) { const v = load(x); if (v === 1) xs.splice(1, 1); seen.push(v) }
  return seen
}

export default function main(): unknown {
  eq(sum([1, 2, 3]), 6, 'sum')
  eq(growing(), [1, 2, 10, 20, 100], 'an array that grows is read to its new end')
  eq(shrinking(), [1, 2, 3], 'an array that shrinks ends early')
  eq(holes(), [1, 'hole', 3], 'holes read as undefined')
  eq(inheritedIndex(), [1, 'from the prototype', 3], 'a hole reads the prototype')
  eq(getters(), [1, 'got', 3], 'an index getter runs as the element is reached')
  eq(failingGetter(), 'Error: index 1 failed', 'an index getter that throws')
  eq(proxied(), [1, 2], 'a Proxy of an array')
  eq(subclasses(), [2, 4, 3, 4], 'subclasses with and without their own iterator')
  eq(ownIterator(), ['own', 'iterator'], 'an array with its own iterator')
  eq(replacedValues(), ['~1', '~2'], 'a replaced Array.prototype[Symbol.iterator]')
  eq(replacedNext(), ['next 1', 'next 2'], 'a replaced array-iterator next that suspends')
  eq(addedReturn(), [1, 'return on [object Array Iterator] r', 'return on [object Array Iterator] r', 'Error: body failed', 'return on [object Array Iterator] r', 6, 7, 8], 'an added array-iterator return')
  eq(arrayLikes(4, 5), ['a', 'b', 'c', 4, 5, 4, 5, 9, 8], 'array-likes, arguments, rest parameters and typed arrays')
  eq(exits(), ['2a', '3a', [10, 20], 3, 7, 5, 6], 'labels, continue, break, bindings and targets')
  eq(mutatedWhileWaiting(), [1, 3], 'an element removed while the loop waits')
  return trace
}
