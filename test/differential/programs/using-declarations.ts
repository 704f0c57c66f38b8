// `using` and `await using`: reverse-order disposal at the end of the scope; break, continue, return and
// throw out of it; nested scopes; per-iteration resources in for…of; a for(;;) head; null and undefined;
// TypeError for values that are not disposable; the method looked up at declaration time; SuppressedError
// (also nested) when disposal throws after an error; a hidden [Symbol.dispose] (suspends in a task);
// `await using` in an async function.
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

/** A resource whose disposal is logged, and throws when told to. */
function res(name: string, out: string[], failWith?: string) {
  out.push('open ' + name)
  return {
    name,
    [Symbol.dispose]() {
      out.push('dispose ' + name)
      if (failWith) throw new Error(failWith)
    },
  }
}
/** A resource whose disposal is a hidden call: a real wait inside a task. */
const closeRemote = hidden(async (out: string[], name: string) => { counters.async++; await new Promise((r) => setImmediate(r)); out.push('closed remote ' + name) },
  { sync: (out: string[], name: string) => { counters.sync++; out.push('closed remote ' + name) }, name: 'closeRemote' })
function remote(name: string, out: string[]) {
  out.push('connect ' + name)
  return { [Symbol.dispose]: () => closeRemote(out, name) }
}

function describe(e: unknown): unknown {
  if (e instanceof Error && e.name === 'SuppressedError') {
    const s = e as Error & { error: unknown; suppressed: unknown }
    return { name: e.name, message: e.message, error: describe(s.error), suppressed: describe(s.suppressed) }
  }
  if (e instanceof Error) return { name: e.name, message: e.message }
  return { value: String(e) }
}

function basic() {
  const out: string[] = []
  {
    using a = res('a', out), b = res('b', out)
    using c = res('c', out)
    out.push('body ' + tick(a.name + b.name + c.name))
  }
  out.push('after')
  return out
}

function exits(kind: 'return' | 'throw' | 'normal') {
  const out: string[] = []
  const inner = () => {
    using r = res('r', out)
    using h = remote('h', out)
    if (kind === 'return') return tick('returned ' + r.name)
    if (kind === 'throw') throw new RangeError('thrown ' + tick(r.name))
    out.push('fell through')
    return 'normal'
  }
  try { out.push(String(inner())) } catch (e) { out.push('caught ' + (e as Error).message) }
  return out
}

function loops() {
  const out: string[] = []
  for (using x of [res('x1', out), res('x2', out), res('x3', out)]) {
    out.push('iter ' + x.name)
    if (x.name === 'x2') break
  }
  // (for (using y = …; …; …) is left out: esbuild, the Node 20 baseline, does not lower it; see test/using.)
  outer: for (using y of [res('y0', out), res('y1', out), res('y2', out)]) {
    for (using z of [res('z' + y.name, out), res('zz' + y.name, out)]) {
      if (y.name === 'y1') continue outer
      out.push('inner ' + tick(z.name))
    }
  }
  for (let i = 0; i < 3; i++) {
    using w = remote('w' + i, out)
    if (i === 1) continue
    out.push('w body ' + i)
  }
  return out
}

function nullish() {
  const out: string[] = []
  {
    using a = null, b = undefined
    using c = res('c', out)
    out.push('body ' + String(a) + ' ' + String(b))
  }
  return out
}

function notDisposable() {
  const results: unknown[] = []
  const attempts: (() => unknown)[] = [
    () => { using x = 42 as any; return x },
    () => { using x = {} as any; return x },
    () => { using x = { [Symbol.dispose]: 'nope' } as any; return x },
  ]
  for (const attempt of attempts) {
    try { results.push(attempt()) } catch (e) { results.push((e as Error).constructor.name) }
  }
  return results
}

function lookedUpAtDeclaration() {
  const out: string[] = []
  {
    const r = res('first', out)
    using x = r
    r[Symbol.dispose] = () => { out.push('replaced method ran') }
    out.push('body ' + tick(x.name))
  }
  return out
}

function suppressed() {
  const out: string[] = []
  const results: unknown[] = []
  try {
    using a = res('a', out, 'a failed')
    using b = res('b', out)
    throw new Error('body failed ' + tick(b.name))
  } catch (e) { results.push(describe(e)) }
  try {
    using a = res('a2', out, 'a2 failed')
    using b = res('b2', out, 'b2 failed')
    out.push('body ok ' + tick(a.name))
  } catch (e) { results.push(describe(e)) }
  try {
    using a = res('a3', out, 'a3 failed')
    using b = res('b3', out, 'b3 failed')
    throw new TypeError('body3')
  } catch (e) { results.push(describe(e)) }
  return { out, results }
}

function closures() {
  const out: string[] = []
  const readers: (() => string)[] = []
  for (const name of ['p', 'q']) {
    using r = res(name, out)
    readers.push(() => r.name + ' still readable')
  }
  out.push(...readers.map((read) => tick(read())))
  return out
}

class Session {
  log: string[] = []
  run(steps: number) {
    using conn = remote('session', this.log)
    for (let i = 0; i < steps; i++) this.log.push('step ' + tick(i))
    return this.log.length
  }
}

async function asyncUsing() {
  const out: string[] = []
  const asyncRes = (name: string) => ({
    async [Symbol.asyncDispose]() { await null; out.push('async dispose ' + name) },
  })
  {
    await using a = asyncRes('a')
    await using b = res('b (sync method)', out)
    await using c = null
    using d = res('d', out)
    out.push('async body')
  }
  try {
    await using e = { async [Symbol.asyncDispose]() { throw new Error('async dispose failed') } }
    throw new Error('async body failed')
  } catch (e) { out.push(JSON.stringify(describe(e))) }
  return out
}

export default function main() {
  eq(basic(), ['open a', 'open b', 'open c', 'body abc', 'dispose c', 'dispose b', 'dispose a', 'after'], 'basic')
  eq(exits('return'), ['open r', 'connect h', 'closed remote h', 'dispose r', 'returned r'], 'return')
  eq(exits('throw'), ['open r', 'connect h', 'closed remote h', 'dispose r', 'caught thrown r'], 'throw')
  eq(exits('normal').at(-1), 'normal', 'normal exit')
  log(loops())
  eq(nullish(), ['open c', 'body null undefined', 'dispose c'], 'null and undefined')
  eq(notDisposable(), ['TypeError', 'TypeError', 'TypeError'], 'not disposable')
  eq(lookedUpAtDeclaration(), ['open first', 'body first', 'dispose first'], 'method looked up at declaration')
  log(suppressed())
  log(closures())
  const session = new Session()
  eq(session.run(2), 3, 'session')
  eq(session.log.at(-1), 'closed remote session', 'disposed after the method body')
  return asyncUsing().then((out) => {
    log(out)
    return trace
  })
}
