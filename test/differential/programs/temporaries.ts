// A twin's call sites share a few temporaries (the callee, its twin, a receiver), reused by the next and by
// nested call sites as soon as they are dead. Each case nests suspending calls where a temporary still
// needed by an outer call would be overwritten if the reuse were wrong: calls in arguments of calls (with
// and without receivers, several levels), computed keys, callees that are calls, optional chains inside
// arguments and arguments inside chains, `(o?.m)()`, spread, `new` and tagged templates around calls,
// `super` calls, private methods, `this` in methods and arrows, and `for…of` loops whose head, pattern
// defaults and body suspend. Every result carries who computed it and with which `this`.
import { hidden } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
const log = (x: unknown): void => { trace.push(x) }
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (!Object.is(actual, expected) && (typeof actual !== 'object' || a !== e)) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'tick' })
function caught(f: () => unknown): string {
  try { return JSON.stringify(f()) } catch (e) { return `${(e as Error).constructor.name}: ${(e as Error).message}` }
}

function f(...a: unknown[]): string { return `f(${a.join(',')})` }
function g(x: unknown): string { return `g(${tick(x)})` }
function h(x: unknown, y: unknown): string { return `h(${tick(x)},${y})` }
function pick(name: string): (...a: unknown[]) => string {
  tick(name)
  return (...a) => `${name}(${a.join(',')})`
}
class Box {
  constructor(readonly id: string) {}
  m(...a: unknown[]): string { return `${this.id}.m(${tick(a.join(','))})` }
  self(): Box { return tick(this) }
  other(id: string): Box { return new Box(tick(id)) }
  maybe(): Box | undefined { return tick(this.id === 'none' ? undefined : this) }
}

class Base {
  constructor(readonly id: string) {}
  load(x: unknown): string { return `${this.id}.load(${tick(x)})` }
  name(): string { return tick(`${this.id}.name`) }
}
class Derived extends Base {
  run(): string { return super.load(super.name() + '+' + this.load(super.load(tick('k')))) }
  #secret(a: unknown, b: unknown): string { return `${this.id}.#secret(${tick(a)},${b})` }
  callPrivate(other: Derived): string { return this.#secret(other.#secret(tick(1), g(2)), other.#secret(3, tick(4))) }
}

function tag(strings: TemplateStringsArray, ...values: unknown[]): string { return strings.raw.join('|') + ':' + values.join(',') }

export default function main(): unknown {
  const a = new Box('a'), b = new Box('b'), c = new Box('c')
  eq(f(g(1), g(2), f(g(3), h(g(4), g(5)))), 'f(g(1),g(2),f(g(3),h(g(4),g(5))))', 'calls nested in arguments, three levels')
  eq(a.m(b.m(c.m(tick(1)), tick(2)), c.m(a.m(3))), 'a.m(b.m(c.m(1),2),c.m(a.m(3)))', 'receivers nested in arguments')
  eq(a.self().m(b.self().m(tick('x'))), 'a.m(b.m(x))', 'receiver from a call, argument with one too')
  const keys: Record<string, string> = { one: 'm' }
  eq((a as any)[g('one').slice(2, 5) === 'one' ? keys[tick('one')]! : 'x'](b.m(tick(7))), 'a.m(b.m(7))', 'computed key that suspends, then arguments')
  eq(pick(g('p'))(pick('q')(tick(1)), g(2)), 'g(p)(q(1),g(2))', 'callee that is a call, arguments that are calls')
  eq(a.other(g('n')).m(b.other(tick('o')).m(tick(9))), 'g(n).m(o.m(9))', 'receivers returned by calls at two levels')

  // Optional chains in arguments and arguments in optional chains.
  const none = new Box('none')
  eq(f(a.maybe()?.m(tick(1)), none.maybe()?.m(tick(2)), b.maybe()?.self().m(c.maybe()?.m(tick(3)))), 'f(a.m(1),,b.m(c.m(3)))', 'optional chains as arguments')
  eq((a.maybe()?.m)(b.m(tick('r'))), 'a.m(b.m(r))', '(o?.m)() keeps its receiver across a suspending argument')
  eq((a.m)?.(g(tick('s'))), 'a.m(g(s))', '(o.m)?.() keeps its receiver across a suspending argument')
  const holder: any = { box: a, fn: undefined }
  eq(holder.box?.other(tick('t'))?.m(holder.fn?.(tick('never')), b.m(tick('u'))), 't.m(,b.m(u))', 'short-circuit inside an argument of a chain')

  // Spread, `new`, tagged templates around suspending calls.
  const xs = ['x1', 'x2']
  eq(f(...xs, g(1), ...[g(2), ...xs.map((x) => x + tick('!'))]), 'f(x1,x2,g(1),g(2),x1!,x2!)', 'spread among suspending arguments')
  eq(a.m(...xs, b.m(...xs, tick(3))), 'a.m(x1,x2,b.m(x1,x2,3))', 'method calls with spread, nested')
  eq(new Box(g(tick('n1'))).m(new Box(h(1, g(2))).m(tick(3))), 'g(n1).m(h(1,g(2)).m(3))', 'new around and inside calls')
  eq(tag`a${g(1)}b${a.m(g(2))}c`, 'a|b|c:g(1),a.m(g(2))', 'tagged template with suspending substitutions')
  eq(pick(tick('t'))`x${g(3)}`, 't(x,,g(3))', 'tag that is a call result')

  // super, private methods, `this` in arrows.
  const d = new Derived('d'), e = new Derived('e')
  eq(d.run(), 'd.load(d.name+d.load(d.load(k)))', 'super calls nested in super calls')
  eq(d.callPrivate(e), 'd.#secret(e.#secret(1,g(2)),e.#secret(3,4))', 'private method calls nested')
  const withArrows = {
    id: 'w',
    m(x: unknown): string { return `w.m(${tick(x)})` },
    run(): string[] {
      return [1, 2].map((i) => this.m(this.m(tick(i)) + [3].map((j) => this.m(j + i))[0]))
    },
  }
  eq(withArrows.run(), ['w.m(w.m(1)w.m(4))', 'w.m(w.m(2)w.m(5))'], 'this in nested arrows')

  // for…of: the head, the pattern's defaults and the body suspend; nested loops.
  const rows = [{ k: 'r1' }, {}, { k: 'r3' }] as { k?: string }[]
  const seen: string[] = []
  for (const { k = g('default') } of tick(rows)) {
    for (const inner of [a.m(k), tick('i2')]) seen.push(b.m(inner, g(seen.length)))
  }
  eq(seen, ['b.m(a.m(r1),g(0))', 'b.m(i2,g(1))', 'b.m(a.m(g(default)),g(2))', 'b.m(i2,g(3))', 'b.m(a.m(r3),g(4))', 'b.m(i2,g(5))'], 'nested for…of with suspending pattern and body')
  // Leaving a loop right after a suspending call in its body still closes the iterator.
  const closed: string[] = []
  const counting = (name: string): Iterable<number> => ({
    [Symbol.iterator]() {
      let i = 0
      return { next: () => ({ done: i > 5, value: i++ }), return: () => { closed.push(name); return { done: true, value: undefined } } }
    },
  })
  const plainFns: ((x: string) => string)[] = [(x) => x + '!']
  for (const i of counting('break')) if (a.m(g(i)) === 'a.m(g(2))') break
  for (const i of counting('break after a plain call')) if (plainFns[0]!(g(i)) === 'g(1)!') break
  eq(caught(() => { for (const i of counting('throw')) if (b.m(tick(i)) === 'b.m(1)') throw new RangeError(g('stop')) }), 'RangeError: g(stop)', 'throw out of a loop')
  const early = (): string => { for (const i of counting('return')) if (c.m(i) === 'c.m(3)') return g('early'); return 'late' }
  eq(early(), 'g(early)', 'return out of a loop')
  eq(closed, ['break', 'break after a plain call', 'throw', 'return'], 'iterators closed after suspending bodies')
  const target: Record<string, unknown> = {}
  for (target[g('key')] of [tick('v1'), 'v2']) log(target)
  eq(target, { 'g(key)': 'v2' }, 'for…of into a computed member whose key suspends')

  // Errors: a non-function callee fails only after its (suspending) arguments ran.
  const missing: any = { box: a }
  eq(caught(() => missing.nope(log('arg ran'), g('arg'))), 'TypeError: missing.nope is not a function', 'missing method after arguments')
  eq(caught(() => (undefined as any)(log('arg ran 2'), tick(1))), 'TypeError: undefined is not a function', 'undefined callee after arguments')
  eq(caught(() => f(missing.box.m(tick(1)), missing.zip(b.m(2)))), 'TypeError: missing.zip is not a function', 'inner failure, outer call not made')
  let fn: (...a: unknown[]) => string = f
  eq(fn(g(1), (fn = h, tick(2))), 'f(g(1),2)', 'callee reassigned by a suspending argument')
  let recv = a
  eq(recv.m(g(1), (recv = b, tick(2))), 'a.m(g(1),2)', 'receiver reassigned by a suspending argument')
  return trace
}
