// A module-private list of object literals is followed through the module (src/transform/passes/plan-data.ts):
// `list.filter((item) => hasTag(item, t))` with `hasTag` doing `item.tags.includes(t)` needs no twin when
// nothing but this module's reads can see the list. This program tries to break that: each list below
// escapes or is changed in one way (an element returned, leaked by a callback, replaced, written through
// a callback, a getter field, a helper also called with another object, a Proxy, `arguments`, a callback's
// array parameter, `this` of a callback, a fresh array leaked before its method is called), and then an
// `includes` (or `reduce`) that suspends is put where the plain path would have skipped it. Each helper
// belongs to one list, since a helper shared by two lists is followed for neither. Any hidden call the
// task reaches must suspend (no sync fallback).
import { hidden, isGreen } from 'greenhack'
import { put, leak, protoGetter } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }; export const leak = (o, f) => f(o); export const protoGetter = (k, f) => Object.defineProperty(Object.prototype, k, { get() { return f(this) }, configurable: true });'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })
/** Tags whose `includes` suspends: true for `tag`, after a hidden call. */
const suspendingTags = (n: number, tag: string): unknown => ({ includes: (t: string): boolean => load(n) === n && t === tag })

interface Item { id: number; tags: string[] }

// All plain: followed everywhere, nothing escapes.
const PLAIN = Array.from({ length: 6 }, (_, i) => ({ id: i, tags: i % 2 ? ['a'] : ['b', 'a'] }))
function hasPlain(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countPlain(items: Item[]): number {
  const bs = items.filter((item) => hasPlain(item, 'b'))
  const ids = bs.map((item) => item.id)
  const first = items.find((item, i) => i > 2 && hasPlain(item, 'a'))
  return ids.reduce((a, b) => a + b, 0) + bs.length * 100 + (first ? first.tags.indexOf('a') : -1) + items.map((item) => item.tags.length).filter((n) => n > 1).length * 1000
}

// 1. An element is returned from an exported function, and another module replaces its tags.
const RETURNED = [{ id: 0, tags: ['x'] }, { id: 1, tags: ['y'] }]
function hasReturned(item: Item, tag: string): boolean { return item.tags.includes(tag) }
export function firstReturned(): Item { return RETURNED[0]! }
function countReturned(): number { return RETURNED.filter((item) => hasReturned(item, 'x')).length }

// 2. A callback returns the element, so the mapped array holds it, and it leaks.
const MAPPED = [{ id: 0, tags: ['x'] }]
function hasMapped(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function mappedElements(): Item[] { return MAPPED.map((item) => item) }
function countMapped(): number { return MAPPED.filter((item) => hasMapped(item, 'x')).length }

// 3. The list is indexed and an element replaced.
const REPLACED = [{ id: 0, tags: ['x'] }, { id: 1, tags: ['x'] }]
function hasReplaced(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function replaceFirst(tags: unknown): void { (REPLACED as unknown[])[0] = { id: 9, tags } }
function countReplaced(): number { return REPLACED.filter((item) => hasReplaced(item, 'x')).length }

// 4. A callback writes an element's field.
const WRITTEN = [{ id: 0, tags: ['x'] }]
function hasWritten(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function rewrite(tags: unknown): void { WRITTEN.forEach((item) => { (item as { tags: unknown }).tags = tags }) }
function countWritten(): number { return WRITTEN.filter((item) => hasWritten(item, 'x')).length }

// 5. One element's field is a getter, so `tags` is not an array field of every element.
const GETTER = [{ id: 0, tags: ['x'] }, { id: 1, get tags(): string[] { return suspendingTags(5, 'x') as string[] } }]
function hasGetter(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countGetter(): number { return GETTER.filter((item) => hasGetter(item, 'x')).length }

// 6. The helper is also called with an object from elsewhere (here a Proxy).
const SHARED = [{ id: 0, tags: ['x'] }]
function hasShared(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countShared(): number { return SHARED.filter((item) => hasShared(item, 'x')).length }
function sharedWith(item: unknown): boolean { return hasShared(item as Item, 'x') }

// 7. The helper reads its parameters through `arguments`, and hands the list out.
const ARGS = [{ id: 0, tags: ['x'] }]
function hasArgs(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function passOn(items: Item[]): Item[] { return arguments[0] as Item[] }
function countArgs(): number { passOn(ARGS); return ARGS.filter((item) => hasArgs(item, 'x')).length }

// 8. A callback takes the array as its third parameter and hands it to another module.
const THIRD = [{ id: 0, tags: ['x'] }]
function hasThird(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countThird(n: number): number {
  return THIRD.filter((item, i, all) => (i === 0 ? leak(all, (a: Item[]) => put(a[0], 'tags', suspendingTags(n, 'x'))) : 0, hasThird(item, 'x'))).length
}

// 9. The list is a callback's `this`.
const AS_THIS = [{ id: 0, tags: ['x'] }]
function hasThis(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countThis(n: number): number {
  return AS_THIS.filter(function (this: Item[], item: Item) { put(this[0], 'tags', suspendingTags(n, 'x')); return hasThis(item, 'x') }, AS_THIS).length
}

// 10. A fresh array (from map) is handed to another module before its `reduce` is called.
const FRESH = [{ id: 1, tags: ['x'] }, { id: 2, tags: ['x'] }]
function sumFresh(n: number): number {
  const ids = FRESH.map((item) => item.id)
  leak(ids, (a: number[]) => put(a, 'reduce', (): number => load(n)))
  return ids.reduce((a, b) => a + b, 0)
}

// 11. A method of an element hands out `this`.
const METHOD = [{ id: 0, tags: ['x'], give(f: (self: unknown) => void): void { f(this) } }]
function hasMethod(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countMethod(n: number): number {
  METHOD.forEach((item) => item.give((self) => put(self, 'tags', suspendingTags(n, 'x'))))
  return METHOD.filter((item) => hasMethod(item, 'x')).length
}

// 12. A fresh array gets an own `reduce` from a plain helper before its `reduce` is called.
const ARMED = [{ id: 1, tags: ['x'] }, { id: 2, tags: ['x'] }]
const suspendingReduce = (): number => load(21)
function arm(a: number[]): void { Object.defineProperty(a, 'reduce', { value: suspendingReduce }) }
function sumArmed(): number {
  const ids = ARMED.map((item) => item.id)
  arm(ids)
  return ids.reduce((a, b) => a + b, 0)
}

// 13. A callback (a function, with its own `arguments`) reaches the list through `arguments[2]`.
const CB_ARGS = [{ id: 0, tags: ['x'] }]
function hasCbArgs(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countCbArgs(n: number): number {
  return CB_ARGS.filter(function (item: Item) { put((arguments[2] as Item[])[0], 'tags', suspendingTags(n, 'x')); return hasCbArgs(item, 'x') }).length
}

// 14. Another field of the element is a getter, which runs with the element as `this`.
let peekTags: unknown
const PEEK = [{ id: 0, tags: ['x'], get peek(): number { put(this, 'tags', peekTags); return 1 } }]
function hasPeek(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countPeek(n: number): number {
  peekTags = suspendingTags(n, 'x')
  return PEEK.filter((item) => item.peek === 1 && hasPeek(item, 'x')).length
}

// 15. A field no element has is read: another module's getter on Object.prototype gets the element.
const INHERITED = [{ id: 0, tags: ['x'] }]
function hasInherited(item: Item, tag: string): boolean { return item.tags.includes(tag) }
function countInherited(): number {
  return INHERITED.filter((item) => (item as unknown as { armed: number }).armed === 1 && hasInherited(item, 'x')).length
}

// 16. A callback of a fresh array takes it as its third parameter and arms it with a plain helper.
const ARMED3 = [{ id: 1, tags: ['x'] }, { id: 2, tags: ['x'] }]
function sumArmed3(): number {
  const ids = ARMED3.map((item) => item.id)
  ids.forEach((id, i, all) => i === 0 && arm(all))
  return ids.reduce((a, b) => a + b, 0)
}

// 17. A fresh array's missing field is read: an inherited getter gets the array.
const ARMED4 = [{ id: 1, tags: ['x'] }]
function sumArmed4(): number {
  const ids = ARMED4.map((item) => item.id)
  return (ids as unknown as { armedFresh: number }).armedFresh + ids.reduce((a, b) => a + b, 0)
}

export default function main(): unknown {
  eq(countPlain(PLAIN), 6 + 300 + 0 + 3000, 'followed list, all plain')

  put(firstReturned(), 'tags', suspendingTags(11, 'x'))
  eq(countReturned(), 1, 'element returned from an exported function, its tags replaced')

  put(mappedElements()[0], 'tags', suspendingTags(12, 'x'))
  eq(countMapped(), 1, 'element returned by a map callback, its tags replaced')

  replaceFirst(suspendingTags(13, 'x'))
  eq(countReplaced(), 2, 'element replaced through the list')

  rewrite(suspendingTags(14, 'x'))
  eq(countWritten(), 1, 'field written by a callback')

  eq(countGetter(), 2, 'a getter field in one element')

  eq(countShared(), 1, 'helper shared with other objects: the list itself')
  eq(sharedWith(new Proxy({ tags: ['x'] }, { get: (t, k) => (k === 'tags' ? suspendingTags(16, 'x') : Reflect.get(t, k)) })), true, 'helper shared with other objects: a Proxy')

  put(passOn(ARGS)[0], 'tags', suspendingTags(17, 'x'))
  eq(countArgs(), 1, 'list handed out through arguments')

  eq(countThird(18), 1, 'list handed out as a callback\'s third parameter')
  eq(countThis(19), 1, 'list handed out as a callback\'s this')
  eq(sumFresh(20), 20, 'fresh array handed out before its reduce')
  eq(countMethod(22), 1, 'a method of an element hands out this')
  eq(sumArmed(), 21, 'fresh array armed by a plain helper')
  eq(countCbArgs(23), 1, 'callback reaching the list through arguments')
  eq(countPeek(24), 1, 'a getter of the element hands out this')
  protoGetter('armed', (self: object) => { put(self, 'tags', suspendingTags(25, 'x')); return 1 })
  try {
    eq(countInherited(), 1, 'an inherited getter gets the element')
  } finally {
    delete (Object.prototype as { armed?: unknown }).armed
  }
  eq(sumArmed3(), 21, 'fresh array armed through a callback\'s third parameter')
  protoGetter('armedFresh', (self: number[]) => { arm(self); return 1 })
  try {
    eq(sumArmed4(), 22, 'fresh array armed by an inherited getter')
  } finally {
    delete (Object.prototype as { armedFresh?: unknown }).armedFresh
  }

  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  if (isGreen() && counters.async < 17) throw new Error(`expected at least 17 suspensions, saw ${counters.async}`)
  return 'done'
}
