// What the receiver guard reads must be what the plain run gets, and must run no code: a field the class
// defines as a getter, a field answered by a Proxy up the prototype chain, a private method named like a
// public one, a method another module makes an accessor, a string method this module replaces (plan-receivers.ts, src/runtime/receiver-guard.ts).
// (A field under a computed key is in analysis-receivers-computed-field.ts: it turns receivers off for the
// whole module, which would hide the cases here.)
import { hidden, isGreen } from 'greenhack'
import { proxyProto, accessor } from 'data:text/javascript,export const proxyProto = (k, evil) => { let n = 0; Object.setPrototypeOf(k.prototype, new Proxy({}, { get: (t, key) => { if (key !== "text") return undefined; n++; if (n === 1) return "abc"; return evil } })) }; export const accessor = (o, k, later) => { const first = o[k]; let n = 0; Object.defineProperty(o, k, { get: () => { n++; if (n === 1) return first; return later }, configurable: true }) }'

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

const evil = { charCodeAt: (i: number): number => load(4 + i) }
class Getter {
  n = 0
  get text(): any { return this.n++ === 0 ? 'abc' : evil }
  run(): number { return this.text.charCodeAt(0) }
}
class Proxied {
  declare text: string
  run(): number { return this.text.charCodeAt(0) }
}
class Private {
  #go(): number { return load(1) }
  go(): number { return 0 }
  run(): number { return this.#go() }
}
// Another module turns a method into an accessor that answers the original once, then one that suspends.
class Accessed {
  go3(): number { return 0 }
  run(): number { return this.go3() }
}
class Texts {
  text = 'abc'
  run(): number { return this.text.at(0) as unknown as number }
}

export default function main(): unknown {
  const getter = new Getter()
  eq(getter.run(), 97, 'a getter field, first read')
  eq(getter.run(), 4, 'a getter field, second read')
  proxyProto(Proxied, evil)
  eq(new Proxied().run(), 97, 'a Proxy up the prototype chain answers the field once')
  eq(new Private().run(), 1, 'a private method named like a public one')
  accessor(Accessed.prototype, 'go3', (): number => load(8))
  eq(new Accessed().run(), 0, 'a method made an accessor by another module: read once')
  const at = String.prototype.at
  String.prototype.at = function (this: string, i: number): any { return load(10 + i) }
  try { eq(new Texts().run(), 10, 'a string method replaced by this module') } finally { String.prototype.at = at }
  return ['done']
}
