// Closures nested several levels deep, each capturing variables of every level around it, created and
// called both inside twins and in plain code; immediately invoked functions (written once per context
// since the code-growth fix: only their twin inside twins, only the original outside), with `this`,
// `arguments`, parameters, `.call(x)` and recursion through a named closure.
import { hidden } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

function eq(actual, expected, what) {
  counters.asserts++
  const a = JSON.stringify(actual), e = JSON.stringify(expected)
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}
const tick = hidden(async (x) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x) => { counters.sync++; return x }, name: 'tick' })

/** Four levels of closures; each level counts its calls in its own variable and reads every outer one. */
function levels(seed) {
  let a = seed
  const one = (x) => {
    let b = x + 1
    const two = (y) => {
      let c = y * 2
      const three = (z) => {
        let d = tick(z) - 1
        const four = () => [a, b, c, d, tick(a + b + c + d)]
        a++; b++; c++; d++
        return four
      }
      return three(c)
    }
    return two(b)
  }
  return one(a)
}

/** Nested IIFEs, sloppy `this`, arguments and `.call`. */
function iifes(n) {
  return (function (m) {
    const self = this
    return (() => (function () {
      return [tick(m), arguments.length, arguments[0], self === undefined, this === 'receiver' || String(this)]
    }).call('receiver', n, n))()
  })(n + 1)
}

/** An IIFE inside a loop: one per iteration, each capturing its own iteration's binding. */
function iifeLoop(xs) {
  const made = []
  for (const x of xs) made.push(((v) => () => tick(v * 10))(x))
  return made.map((f) => f())
}

/** Deeply nested IIFEs (the shape whose code doubled per level), and one that throws. */
function deep(x) {
  return (() => (() => (() => (() => (() => (() => (() => (() => tick(x) + 8)() + 7)() + 6)() + 5)() + 4)() + 3)() + 2)() + 1)()
}
function throwing() {
  try { (function () { tick(0); throw new RangeError('from an IIFE') })() } catch (e) { return `${e.name}: ${e.message}` }
}

/** A named recursive function expression called immediately (kept with both versions). */
function recursive(n) {
  return (function fact(k) { return k <= 1 ? tick(1) : k * fact(k - 1) })(n)
}

export default function main() {
  const inTwin = levels(1)
  eq(inTwin(), [2, 3, 5, 4, 14], 'closures created inside twins see each level\'s own variables')
  eq(inTwin(), [2, 3, 5, 4, 14], 'and keep them between calls')
  const plainMade = levels.call(null, 10)
  eq(plainMade(), [11, 12, 23, 22, 68], 'a second set of closures has its own variables')
  eq(iifes(3), [4, 2, 3, true, true], 'IIFEs keep this, arguments and .call')
  eq(iifeLoop([1, 2, 3]), [10, 20, 30], 'IIFEs in a loop capture each iteration')
  eq(deep(1), 37, 'deeply nested IIFEs')
  eq(throwing(), 'RangeError: from an IIFE', 'an IIFE that throws after suspending')
  eq(recursive(5), 120, 'a named recursive IIFE')
  return counters.asserts
}
