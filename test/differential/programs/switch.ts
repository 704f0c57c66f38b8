// `switch`: fallthrough, default in the middle, case expressions evaluated lazily and in order (with hidden
// calls), strict equality, break/continue inside switch inside loops, labelled break out of a switch,
// lexical declarations scoped to the switch block, return from inside a case.
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
const c = (v: unknown, tag: string) => { log(`case ${tag}`); return tick(v) }

function fallthrough(x: number) {
  const out: string[] = []
  switch (tick(x)) {
    case 1: out.push('one')
    case 2: out.push('two'); break
    case 3: out.push('three')
    default: out.push('default')
    case 4: out.push('four')
  }
  return out
}
function lazyCases(x: unknown) {
  switch (c(x, 'disc')) {
    case c(1, 'a'): return 'A'
    case c('1', 'b'): return 'B'
    case c(NaN, 'c'): return 'C'
    case c(null, 'd'): return 'D'
    default: return 'default'
    case c(undefined, 'e'): return 'E'
  }
}
function inLoop() {
  const out: string[] = []
  outer: for (let i = 0; i < 6; i++) {
    switch (i % tick(4)) {
      case 0: out.push('zero'); continue
      case 1: out.push('one'); break
      case 2: if (i > 4) break outer; out.push('two')
      // falls through
      default: out.push('dflt-' + i)
    }
    out.push('after-' + i)
  }
  return out
}
function scoped(k: string) {
  switch (k) {
    case 'a': { const v = tick('block a'); return v }
    case 'b':
      let w = tick('b')
      return w
    case 'c':
      w = 'c' // TDZ: w's declaration did not run
      return w
    default:
      return 'd'
  }
}
function nestedSwitch(a: number, b: number) {
  switch (a) {
    case 1:
      switch (tick(b)) { case 1: return '1/1'; case 2: break; default: return '1/?' }
      return '1/2 fell out'
    default:
      return 'other'
  }
}
function switchTrue(n: number) {
  switch (true) {
    case tick(n) < 0: return 'neg'
    case n === 0: return 'zero'
    case n < 10: return 'small'
    default: return 'big'
  }
}
function emptyAndDefaultOnly(x: number) {
  switch (x) {}
  switch (x) { default: return tick('only default') }
}

export default function main(): unknown {
  eq(fallthrough(1), ['one', 'two'], 'fall into 2')
  eq(fallthrough(3), ['three', 'default', 'four'], 'fall through default')
  eq(fallthrough(9), ['default', 'four'], 'default in the middle')
  eq(fallthrough(4), ['four'], 'case after default')
  eq(lazyCases(1), 'A', 'first case')
  eq(lazyCases('1'), 'B', 'strict equality')
  eq(lazyCases(NaN), 'default', 'NaN never matches')
  eq(lazyCases(undefined), 'E', 'case after default tested before default')
  eq(inLoop(), ['zero', 'one', 'after-1', 'two', 'dflt-2', 'after-2', 'dflt-3', 'after-3', 'zero', 'one', 'after-5'], 'break vs continue in switch')
  eq(scoped('a'), 'block a', 'block in case')
  eq(scoped('b'), 'b', 'lexical in case')
  eq(caught(() => scoped('c')), "ReferenceError: Cannot access 'w' before initialization", 'TDZ across cases')
  eq([nestedSwitch(1, 1), nestedSwitch(1, 2), nestedSwitch(1, 3), nestedSwitch(2, 0)], ['1/1', '1/2 fell out', '1/?', 'other'], 'nested switch')
  eq([switchTrue(-1), switchTrue(0), switchTrue(5), switchTrue(50)], ['neg', 'zero', 'small', 'big'], 'switch (true)')
  eq(emptyAndDefaultOnly(1), 'only default', 'empty switch and default-only switch')
  return trace
}
