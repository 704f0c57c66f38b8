// Module-level constants the analysis cannot see into, called by name, are checked once their declaration
// ran (plan-checked-bindings.ts): functions depending on them run as originals in a task when every value
// is a function without a twin. This program tries to break that: a constant holding a hidden function, a
// function of this module with a twin, one made by a call, a destructured pair with one twin among them, a
// function depending on a passing and a failing constant, a method depending on one, a call before the
// declaration ran (TDZ), and the same constants used as plain helpers where they pass. Any hidden call the
// task reaches must suspend (no sync fallback).
import { hidden, isGreen } from 'greenhack'
import { twice, pair, put } from 'data:text/javascript,export const twice = (x) => x * 2; export const pair = { add: (a, b) => a + b, sub: (a, b) => a - b }; export const put = (o, k, f) => { o[k] = f; return 0 };'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual: unknown, expected: unknown, what: string): void {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

// Called before its declaration ran: the call throws in every mode.
function tooEarly(): number { return double(1) }
let early: string
try { early = String(tooEarly()) } catch (e) { early = (e as Error).constructor.name }

// A `var` read before its declaration ran: undefined, not a function, in every mode.
function tooEarlyVar(): number { return triple(1) }
let earlyVar: string
try { earlyVar = String(tooEarlyVar()) } catch (e) { earlyVar = (e as Error).constructor.name }

// Passing: functions without twins (another module's, copied into constants, or a `let`/`var` nothing assigns).
const double = twice
let quadruple = [twice][0]
var triple = [(x: number): number => x * 3][0]
let swapped = twice
const { add, sub } = pair
// Failing: a hidden function; a function of this module that has a twin, made by a call; a destructured
// pair with one such function.
const fetchIt = load
const makeLoader = (k: number) => (x: number): number => load(x + k)
const loadPlus = makeLoader(100)
const { near, far } = { near: (x: number): number => x + 1, far: (x: number): number => load(x + 200) }

// Passing, but it runs another module's code, which can break what a receiver guard checked.
const putIt = put
class Knob {
  turn(): number { putIt(this, 'step', (): number => load(40)); return this.step() }
  step(): number { return 1 }
  list(): number { const items = [1]; putIt(items, 'push', (n: number): number => load(n + 50)); return items.push(2) }
}
class Dial {
  value(): number { return 1 }
}
function turnDial(): number { putIt(Dial.prototype, 'value', (): number => load(60)); return new Dial().value() }
class Gauge {
  value(): number { return 1 }
}
function turnGauge(): number { putIt(Gauge.prototype, 'value', (): number => load(70)); return new Gauge().value() }
const turnGaugeOnce = (): number => turnGauge() + 1
// A class whose constructor hands `this` to a passing checked binding, which stores under a method's name.
class Stamped {
  constructor() { putIt(this, 'size', (): number => load(80)) }
  size(): number { return 0 }
}
function stampedSize(): number { return new Stamped().size() }
class StampUser {
  size(): number { const made = new Stamped(); return made.size() }
}

function plainOnly(x: number): number { return add(double(x), sub(x, 1)) }
function viaLetAndVar(x: number): number { return quadruple(x) + triple(x) }
// `swapped` is assigned below: not checked, and it holds the hidden function by the time it is called.
function viaSwapped(x: number): number { return swapped(x) }
swapped = fetchIt
// A default parameter with an effect: a guard calling the original would run it twice.
let defaults = 0
function withDefault(x: number, step = ++defaults): number { return double(x) + step * 0 }
const arrowPlain = (x: number): number => double(plainOnly(x))
function viaHidden(x: number): number { return double(x) + fetchIt(x) }
function viaTwin(x: number): number { return loadPlus(x) }
function viaPair(x: number): number { return near(x) + far(x) }
function mixed(x: number): number { return plainOnly(x) + viaTwin(x) }
class Meter {
  read(x: number): number { return this.scale(double(x)) }
  scale(x: number): number { return add(x, 1) }
  readLoaded(x: number): number { return this.scale(fetchIt(x)) }
}

export default function main(): unknown {
  eq(early, 'ReferenceError', 'a checked constant called before its declaration ran')
  eq(earlyVar, 'TypeError', 'a checked var called before its declaration ran')
  eq(plainOnly(3), 6 + 2, 'only passing constants')
  eq(viaLetAndVar(2), 4 + 6, 'a let and a var that nothing assigns')
  eq(viaSwapped(5), 5, 'a let assigned later')
  eq([withDefault(2), defaults], [4, 1], 'a default parameter runs once')
  eq(arrowPlain(3), 16, 'an arrow depending on them through a function')
  eq(viaHidden(3), 6 + 3, 'a constant holding a hidden function')
  eq(viaTwin(3), 103, 'a constant holding a function of this module with a twin, made by a call')
  eq(viaPair(3), 4 + 203, 'a destructured pair, one of them with a twin')
  eq(mixed(3), 8 + 103, 'a function depending on a passing and a failing constant')
  const meter = new Meter()
  eq(meter.read(3), 7, 'a method depending on a passing constant')
  eq(meter.readLoaded(3), 4, 'a method depending on a failing one')
  eq(new Knob().turn(), 40, 'a receiver guard, and a checked function that shadows the method on this')
  eq(new Knob().list(), 52, 'a local array literal, and a checked function that gives it its own push')
  eq(turnDial(), 60, 'a made class, and a checked function that replaces its method')
  eq(turnGaugeOnce(), 71, 'the same, one call up (a class not yet replaced when the caller is entered)')
  eq(stampedSize(), 80, 'a made class whose constructor hands this to a checked function')
  eq(new StampUser().size(), 80, 'the same, from a method')
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return ['done']
}
