// Methods called on literals (`'a,b'.split(',')`, `` `${x} `.trim() ``, `/a(b)/.exec(s)`) are called as
// written inside twins: the value is made right there, so the call reaches String.prototype's or
// RegExp.prototype's built-in (plan-twins.ts, isPlainCall). This program checks that they still behave as
// written next to suspending calls: a separator or pattern object with its own Symbol.split/replace, a
// replacer callback that suspends (called by the built-in, so never suspending: as native), a global regular
// expression literal evaluated afresh in a loop (its lastIndex starts at 0 each time), and errors thrown.
import { hidden, isGreen } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: string) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: string) => { counters.sync++; return x }, name: 'load' })

function words(text: string): string[] { return `${load(text)} `.trim().split(' ') }
function firstGroup(text: string): string | undefined { return /a(b+)/.exec(load(text))?.[1] }
function hits(texts: string[]): number {
  let n = 0
  for (const text of texts) if (/b/g.test(load(text))) n++
  return n
}
const splitter = { [Symbol.split]: (s: string): string[] => [s, 'custom'] }
function custom(text: string): string[] { return 'x'.split(splitter as unknown as string).concat(load(text)) }
function replaced(text: string): string { return 'a-b'.replace('-', () => text) + load('!') }
function thrown(): string {
  try { return 'abc'.repeat(-1) } catch (e) { return (e as Error).constructor.name + load('') }
}

export default function main(): unknown {
  const syncBefore = counters.sync
  eq(words('one two'), ['one', 'two'], 'template literal, trim and split')
  eq(firstGroup('xabbb'), 'bbb', 'regular expression literal exec')
  eq(hits(['b', 'b', 'ab', 'c']), 3, 'a global regular expression literal, fresh each time')
  eq(custom('y'), ['x', 'custom', 'y'], 'a separator with its own Symbol.split')
  eq(replaced('+'), 'a+b!', 'a replacer callback')
  eq(thrown(), 'RangeError', 'a built-in that throws')
  if (isGreen() && counters.sync !== syncBefore) throw new Error(`every hidden call in the task should suspend, ${counters.sync - syncBefore} did not`)
  return ['done']
}
