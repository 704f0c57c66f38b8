// The transform leaves functions without twins when it can see they never reach a suspension. This
// program tries to fool that analysis: hidden calls reached through module-level helpers several layers
// down, mutual recursion, a function called before its declaration, a reassigned binding, a shadowed
// name, a function passed around as a value, and built-ins that call back. Inside the task every hidden
// call must suspend (no sync fallback at all), so a wrongly pruned function shows up as a failed check.
import { hidden, isGreen } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }  // 1 = 1 (module top level, outside any task), annotated below
export const counters = { async: 0, sync: 0, asserts: 0 }

const trace: unknown[] = []
function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Layers: only the innermost calls the hidden function.
function layer3(x: number): number { return load(x) + 1 }
function layer2(x: number): number { return layer3(x) * 2 }
const layer1 = (x: number): number => layer2(x) - 1

// Mutual recursion with the hidden call at the bottom.
function isEven(n: number): boolean { return n === 0 ? load(1) === 1 : isOdd(n - 1) }
function isOdd(n: number): boolean { return n === 0 ? load(0) === 1 : isEven(n - 1) }

// Called before its declaration (hoisting).
// sync fallback ×1: the module's top-level code runs at import, outside any task (the harness counts the module's every sync call)
const early = hoisted(2)
function hoisted(x: number): number { return layer3(x) }

// A binding that starts harmless and is reassigned to something that suspends.
let strategy = (x: number): number => x
function useStrategy(x: number): number { return strategy(x) }

// A shadowed name: the inner `helper` suspends, the module-level one does not.
function helper(x: number): number { return x * 10 }
function shadowing(x: number): number {
  const helper = (y: number): number => load(y) + 0.5
  return helper(x)
}
function notShadowed(x: number): number { return helper(x) }

// A pure helper passed as a value to code that calls a hidden function with its result.
function double(x: number): number { return x * 2 }
function apply(f: (x: number) => number, x: number): number { return load(f(x)) }

// A built-in that calls back into code that suspends.
function viaMap(xs: number[]): number[] { return xs.map((x) => layer3(x)) }
function viaJson(): unknown { return JSON.parse('{"a":1}', (_k, v) => (typeof v === 'number' ? v + 1 : v)) }

// A loop over an iterator whose `next` suspends, in functions that make no call of their own.
const lazy = { [Symbol.iterator]() { let i = 1; return { next: () => (i < 3 ? { done: false, value: load(i++) } : { done: true, value: 0 }) } } }
function total(xs: Iterable<number>): number { let s = 0; for (const x of xs) s += x; return s }
function totalOfLazy(): number { return total(lazy) }

export default function main(): unknown {
  strategy = (x: number): number => load(x) + 100
  eq(layer1(5), 11, 'through three module-level layers')
  eq([isEven(4), isOdd(3), isEven(3)], [true, true, false], 'mutual recursion')
  eq(early, 3, 'called before its declaration, at module evaluation (outside the task)')
  eq(hoisted(4), 5, 'called before its declaration')
  eq(useStrategy(1), 101, 'a reassigned binding')
  eq([shadowing(2), notShadowed(2)], [2.5, 20], 'a shadowed name')
  eq(apply(double, 4), 8, 'a pure function passed as a value')
  eq(viaMap([1, 2]), [2, 3], 'a green built-in calling back')
  eq(viaJson(), { a: 2 }, 'a native built-in calling back')
  eq(totalOfLazy(), 3, 'for…of over an iterator whose next suspends')
  trace.push(counters.async > 0 ? 'suspended' : 'native')
  // In the green run nothing may fall back to the sync implementation (the module's top-level call of
  // `hoisted` runs outside any task, in both runs, and is counted before main starts).
  // (Not counted as an assertion: the runs must count the same number.)
  if (isGreen() && counters.sync !== 1) throw new Error(`every hidden call in the task should suspend, ${counters.sync - 1} did not`)
  return trace.length
}
