// An arrow whose twin is lifted to the top level receives the values of the variables it uses from the
// functions around it, once, when it is evaluated (plan-lifted-twins.ts). This program tries to make that
// observable: variables written after the arrow is made, declared after it (TDZ), hoisted, bound per
// loop iteration, in `switch` cases and blocks, shadowed inside the arrow, `this` before `super()`,
// `arguments`, class and function self-names, destructured and default parameters, deep nesting, and
// arrows made outside the task and called inside it. Every hidden call in the task must suspend.
import { hidden, isGreen } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

function params(xs: number[], k: number): number[] { return xs.map((x) => load(x + k)) }
function writtenAfter(): number { let m = 1; const cb = (x: number) => load(x * m); m = 2; return cb(5) }
function declaredAfter(): number { const cb = () => load(later); const later = 5; return cb() }
// Called before the const it reads is initialised: the body's first effects happen before the ReferenceError.
function calledInTdz(): string[] {
  const log: string[] = []
  const cb = () => { log.push('entered'); return load(early) }
  try { cb() } catch (error) { log.push((error as Error).constructor.name) }
  const early = 1
  return [...log, String(cb())]
}
function hoistedFunction(): number { const cb = () => helper(); function helper(): number { return load(3) } return cb() }
function varAfter(): number { const cb = () => load(v); var v = 7; return cb() }
function varTwice(): number { var w = 1; const cb = () => load(w); var w = 2; return cb() }
function forOf(xs: number[]): number[] { const out: (() => number)[] = []; for (const x of xs) out.push(() => load(x)); return out.map((f) => f()) }
function forVar(xs: number[]): number[] { const out: (() => number)[] = []; for (var x of xs) out.push(() => load(x)); return out.map((f) => f()) }
function forInVar(o: Record<string, number>): string[] { const out: (() => number)[] = []; for (var key in o) out.push(() => load(o[key]!)); return out.map((f) => String(f()) + key) }
// The same name written in one function and only read in another: each binding is judged on its own.
function counts(): number { let n = 0; for (const x of [1, 2]) n += x; return n }
function reads(n: number): () => number { return () => load(n * 2) }
function writtenInClosure(n: number): number[] { const bump = () => load(++n); return [bump(), bump()] }
function forLet(): number[] { const out: (() => number)[] = []; for (let i = 0; i < 3; i++) out.push(() => load(i)); return out.map((f) => f()) }
function catchParam(): () => number { try { throw { n: 9 } } catch (e) { return () => load((e as { n: number }).n) } }
function deep(a: number) { return (b: number) => (c: number) => (d: number) => load(a + b + c + d) }
function shadowedInside(k: number): number { const f = () => { { const k = 100; void k } return load(k) }; return f() }
function shadowParam(k: number): number[] { return [k].map((k) => load(k + 1)) }
function expressions(xs: number[], k: number): number[] {
  const viaThis = { k: 100, f: function (this: { k: number }, x: number) { return load(x + this.k) } }
  const own = function fib(n: number): number { return n < 2 ? load(n) : fib(n - 1) + fib(n - 2) }
  const args = function (_x: number) { return load(arguments.length) }
  return [...xs.map(function (x) { return load(x + k) }), viaThis.f(1), own(5), args(1, 2)]
}
function declarations(k: number): number[] {
  const before = 1
  function helper(n: number): number { return n <= 0 ? load(k + before) : helper(n - 1) }
  function late(): number { return load(after) }
  const after = 2
  function viaThis(this: { v: number } | void): number { return load(this ? this.v : -1) }
  return [helper(2), late(), viaThis.call({ v: 3 })]
}
function usesArguments(_a: number): number { const f = () => load(arguments.length); return f() }
function destructured({ a, b = 2 }: { a: number; b?: number }, ...rest: number[]): () => number { return () => load(a + b + rest.length) }
function defaults(k: number): (x?: number) => number { return (x = k) => load(x) }
function identities(): number[] { const fs = [1, 2].map((k) => () => load(k * 10)); return fs.map((f) => f()) }
function blockFunction(): number {
  let result = 0
  { function inner(): number { return load(4) } result = [1].map(() => inner())[0]! }
  return result
}
function switchCase(k: number): string {
  const fns: (() => number)[] = []
  switch (k) {
    case 0:
      // eslint-disable-next-line no-case-declarations
      let a = 1
      void a
    // falls through
    case 1:
      fns.push(() => load(a))
  }
  try { return `called ${fns[0]!()}` } catch (error) { return `${(error as Error).constructor.name} when called` }
}
// The same, with an effect before the read: it must happen before the ReferenceError.
function switchEffect(k: number): string[] {
  const log: string[] = []
  switch (k) {
    case 0:
      // eslint-disable-next-line no-case-declarations
      let b = 1
      void b
    // falls through
    case 1:
      try { [0].map(() => { log.push('entered'); return load(b) }) } catch (error) { log.push((error as Error).constructor.name) }
  }
  return log
}
const Named = class Klass {
  static base = 3
  static make(): () => number { return () => load(Klass.base) }
}
const fact = function self(n: number): number { return [n].map((v) => (v <= 1 ? load(1) : v * self(v - 1)))[0]! }

class Box { v = 4; m(): number[] { return [1].map((x) => load(x + this.v)) } nested(): number[][] { return [1].map((x) => [2].map((y) => load(x + y + this.v))) } }
class Base { v = 6 }
class Derived extends Base {
  get: () => number
  log: string[]
  constructor() {
    const get = () => load(this.v)
    const log: string[] = []
    const early = () => { log.push('entered'); return load(this.v) }
    try { [0].map(early) } catch (error) { log.push((error as Error).constructor.name) }
    super()
    this.get = get
    this.log = log
  }
}
// A base class's constructor has `this` from the start: its arrows' twins take it when they are called,
// after the fields they read were changed, and from an instance whose constructor returned another object.
class Counted {
  k = 2
  scale: (x: number) => number
  constructor(replace = false) {
    this.scale = (x) => load(x * this.k)
    if (replace) return { k: 10, scale: this.scale } as unknown as Counted
  }
}
function baseConstructor(): number[] {
  const a = new Counted()
  a.k = 3
  const b = new Counted(true)
  return [a.scale(2), b.scale(2), b.k]
}
// An arrow that escapes a derived constructor which throws before super(): its `this` is never bound.
let escaped: () => number = () => 0
const escapedLog: string[] = []
class NeverBound extends Base {
  constructor() {
    escaped = () => { escapedLog.push('entered'); return load(this.v) }
    throw new RangeError('before super')
    super()
  }
}
function callEscaped(): string[] {
  try { new NeverBound() } catch (error) { escapedLog.push((error as Error).message) }
  try { escaped() } catch (error) { escapedLog.push((error as Error).constructor.name) }
  return escapedLog
}
const obj = { k: 2, run(xs: number[]) { return xs.map((x) => load(x * this.k)) } }

// Made outside any task (at module evaluation), called inside it.
function makeAdder(n: number) { return (x: number) => load(x + n) }
const stored = makeAdder(5)

export default function main(): unknown {
  const trace: unknown[] = []
  eq(params([1, 2], 10), [11, 12], 'parameters')
  eq(writtenAfter(), 10, 'a variable written after the arrow is made')
  eq(declaredAfter(), 5, 'a const declared after the arrow')
  eq(calledInTdz(), ['entered', 'ReferenceError', '1'], 'called before a const it reads is initialised')
  eq(hoistedFunction(), 3, 'a function declared after the arrow')
  eq(varAfter(), 7, 'a var initialised after the arrow')
  eq(varTwice(), 2, 'a var declared twice')
  eq(forOf([1, 2]), [1, 2], 'for…of: a binding per iteration')
  eq(forLet(), [0, 1, 2], 'for (let …; …; i++): a copy per iteration')
  eq(forVar([1, 2, 3]), [3, 3, 3], 'for (var …): one binding for all iterations')
  eq(forInVar({ a: 1, b: 2 }), ['2b', '2b'], 'for (var … in …): one binding for all iterations')
  eq([counts(), reads(4)()], [3, 8], 'a name written in another function')
  eq(writtenInClosure(1), [2, 3], 'a variable the closure itself writes')
  eq(catchParam()(), 9, 'a catch parameter')
  eq(deep(1)(2)(3)(4), 10, 'four levels of arrows')
  eq(shadowedInside(1), 1, 'a name shadowed inside the arrow')
  eq(shadowParam(1), [2], 'a parameter of the arrow shadowing a variable around it')
  eq(expressions([1], 10), [11, 101, 5, 2], 'function expressions: with and without their own this, name, arguments')
  eq(declarations(10), [11, 2, 3], 'nested function declarations: recursion, a const declared after, this')
  eq(usesArguments(1), 1, 'arguments of the function around')
  eq(destructured({ a: 1 }, 7, 8)(), 5, 'destructured and rest parameters')
  eq([defaults(3)(), defaults(3)(4)], [3, 4], 'a default parameter of the arrow')
  eq(identities(), [10, 20], 'each evaluation is its own function with its own twin')
  eq(blockFunction(), 4, 'a function declared in a block')
  eq([switchCase(0), switchCase(1)], ['called 1', 'ReferenceError when called'], 'a let in a switch case')
  eq(Named.make()(), 3, 'a class expression\'s own name')
  eq(fact(4), 24, 'a named function expression\'s own name')
  eq(new Box().m(), [5], 'this of a method')
  eq(new Box().nested(), [[7]], 'this through two arrows')
  eq(baseConstructor(), [6, 4, 10], 'this of a base class constructor, read when the twin runs')
  eq(new Derived().get(), 6, 'this made before super()')
  eq(new Derived().log, ['entered', 'ReferenceError'], 'this read before super(), after an effect')
  eq(callEscaped(), ['before super', 'entered', 'ReferenceError'], 'an arrow whose this is never bound, called in the task')
  eq([switchEffect(0), switchEffect(1)], [['entered'], ['entered', 'ReferenceError']], 'a let in a switch case, read after an effect')
  eq(obj.run([1, 2]), [2, 4], 'this of an object method')
  eq(stored(1), 6, 'made outside the task, called inside it')
  trace.push(counters.asserts)
  // (Not counted as an assertion: the runs must count the same number.)
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return trace
}
