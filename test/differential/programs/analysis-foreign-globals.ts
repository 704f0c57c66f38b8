// A global another module defines (as polyfills and test frameworks do) is not a built-in: its constructor
// or tag function may run another module's code in the middle of a guarded method's plain run and give the
// receiver an own method that suspends. Only listed built-ins are trusted (plan-foreign-code.ts).
import { hidden, isGreen } from 'greenhack'
import 'data:text/javascript,globalThis.Stamper = class { constructor(o, f) { o.go1 = f } }; globalThis.stampTag = (s, o, f) => { o.go2 = f; return s[0] }'

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

declare const Stamper: any
declare const stampTag: any
// (Module-level functions, not arrows written in the methods: those would count as called by them.)
const loud23 = (): number => load(23)
const loud24 = (): number => load(24)
class ByConstructor {
  go1(): number { return 0 }
  run(): number { new Stamper(this, loud23); return this.go1() }
}
class ByTag {
  go2(): number { return 0 }
  run(): number { const s: string = stampTag`x${this}${loud24}`; return this.go2() + s.length - 1 }
}

export default function main(): unknown {
  eq(new ByConstructor().run(), 23, 'a global constructor of another module')
  eq(new ByTag().run(), 24, 'a global tag of another module')
  return ['done']
}
