// A guarded method's receiver guard checks only the names and fields its plain run relies on: its own
// name, the methods it reaches through `this.m()` (to a fixed point) and the fields they use
// (plan-receivers.ts, guardedUses). Patching a method the run never reaches changes nothing; patching
// one it reaches, however deep, or replacing a field it uses, must take the full twin. Patches come from
// another module (the data: URL below); any hidden call the task reaches must suspend.
import { hidden, isGreen } from 'greenhack'
import { put } from 'data:text/javascript,export const put = (o, k, v) => { o[k] = v }'

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

export class Shape {
  w: number
  h: number
  name: string
  constructor(w: number, h: number, name: string) { this.w = w; this.h = h; this.name = name }
  width(): number { return this.w }
  height(): number { return this.h }
  area(): number { return this.width() * this.height() }
  size(): number { return this.name.trim().length }
  labelled(): number { return this.size() + 1 }
  nested(): number { return this.labelled() * 10 }
}

function patched<T>(name: string, replacement: unknown, run: () => T): T {
  const proto = Shape.prototype as unknown as Record<string, unknown>
  const original = proto[name]
  put(proto, name, replacement)
  try { return run() } finally { put(proto, name, original) }
}

export default function main(): unknown {
  const shape = new Shape(2, 3, 'box')
  eq(shape.area(), 6, 'plain')
  eq(shape.nested(), 40, 'plain, nested')
  // A method area() never reaches: patched, area's plain run is the same.
  eq(patched('size', (): number => load(7), () => shape.area()), 6, 'a method the run never reaches, patched')
  // Reached directly, and two calls down.
  eq(patched('height', (): number => load(5), () => shape.area()), 10, 'a method the run reaches, patched')
  eq(patched('size', (): number => load(7), () => shape.nested()), 80, 'a method reached two calls down, patched')
  // A field reached two calls down, no longer a string.
  const odd = new Shape(1, 1, 'x')
  put(odd, 'name', { trim: () => ({ length: load(2) }) })
  eq(odd.nested(), 30, 'a field the run uses two calls down, replaced')
  eq(odd.area(), 1, 'the same object, by a method whose run does not use that field')
  // An own property shadowing a method reached two calls down.
  const own = new Shape(1, 1, 'abc')
  put(own, 'size', (): number => load(9))
  eq(own.nested(), 100, 'an own property shadowing a method reached two calls down')
  return 'done'
}
