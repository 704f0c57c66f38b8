// The receiver analysis (plan-receivers.ts) resolves nothing in a module that writes members under
// computed keys, deletes members, or uses the reflective built-ins: such code could install a method
// that suspends on the very object whose plain method is running. Here it does exactly that, each way.
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

class Computed {
  run(key: string): number { this.install(key); return this.step() }
  install(key: string): void { (this as unknown as Record<string, () => number>)[key] = (): number => load(1) }
  step(): number { return 0 }
}
class Defined {
  run(): number { this.install(); return this.step() }
  install(): void { Object.defineProperty(this, 'step', { value: (): number => load(2), configurable: true }) }
  step(): number { return 0 }
}
const D = Reflect
class Aliased {
  run(): number { this.install(); return this.step() }
  install(): void { D.set(this, 'step', (): number => load(3)) }
  step(): number { return 0 }
}
class Reparented {
  run(): number { this.install(); return this.step() }
  install(): void { Object.setPrototypeOf(this, Computed.prototype); (this as unknown as { install(k: string): void }).install('step') }
  step(): number { return 0 }
}

export default function main(): unknown {
  eq(new Computed().run('step'), 1, 'computed-key write mid-run')
  eq(new Defined().run(), 2, 'Object.defineProperty mid-run')
  eq(new Aliased().run(), 3, 'Reflect through an alias mid-run')
  eq(new Reparented().run(), 1, 'prototype changed mid-run')
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return 'done'
}
