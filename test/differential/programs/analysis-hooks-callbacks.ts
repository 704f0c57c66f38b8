// A function written inside a guarded method can be called back by a built-in the analysis treats as
// plain (`replace`, a `JSON.parse` reviver, a `JSON.stringify` replacer) in the middle of its plain run,
// and call another module from there, which then gives the receiver or a local array an own method that
// suspends. Such a function counts as called by the one it is written in (plan-foreign-code.ts).
import { hidden, isGreen } from 'greenhack'
import { arm } from 'data:text/javascript,export const arm = (o, k, f) => { o[k] = f }'

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

const loud = (n: number) => (): number => load(n)
class Replaced {
  go1(): number { return 0 }
  run(): number { return 'x'.replace('x', (): string => { arm(this, 'go1', loud(20)); return '' }).length + this.go1() }
}
class Revived {
  go2(): number { return 0 }
  run(): number { JSON.parse('1', (k: string, v: unknown): unknown => { arm(this, 'go2', loud(21)); return v }); return this.go2() }
}
class Replacer {
  run(): number {
    const xs: number[] = []
    JSON.stringify(1, (k: string, v: unknown): unknown => { arm(xs, 'push', loud(22)); return v })
    return xs.push(1)
  }
}

export default function main(): unknown {
  eq(new Replaced().run(), 20, 'a replace callback calls out')
  eq(new Revived().run(), 21, 'a JSON.parse reviver calls out')
  eq(new Replacer().run(), 22, 'a JSON.stringify replacer gives a local array an own push')
  return ['done']
}
