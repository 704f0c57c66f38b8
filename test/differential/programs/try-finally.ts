// try/catch/finally: return overridden by finally, rethrow, finally after break/continue/return, nested
// handlers, errors thrown by hidden calls (class, message, own properties, identity, non-Error values),
// errors thrown inside finally, catch without binding, hidden calls inside catch and finally.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 1 }  // 1 = 1 (a generator body), annotated below
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
class DbError extends Error {
  code: string
  constructor(message: string, code: string) { super(message); this.code = code }
}
DbError.prototype.name = 'DbError'
const sentinel = Object.freeze({ sentinel: true })
type Fault = { kind: 'db' | 'type' | 'string' | 'undefined' | 'sentinel' | 'plain' | 'none', msg?: string }
function raise(f: Fault): never | string {
  switch (f.kind) {
    case 'db': { const e = new DbError(f.msg ?? 'db failed', 'E42'); (e as any).detail = { table: 'orders' }; throw e }
    case 'type': throw new TypeError(f.msg)
    case 'string': throw 'a string'
    case 'undefined': throw undefined
    case 'sentinel': throw sentinel
    case 'plain': throw { plain: f.msg }
    default: return 'ok:' + (f.msg ?? '')
  }
}
// The async implementation rejects with the same values the sync one throws.
const fail = hidden(async (f: Fault) => { counters.async++; await new Promise((r) => setImmediate(r)); return raise(f) },
  { sync: (f: Fault) => { counters.sync++; return raise(f) }, name: 'fail' })

function describe(e: unknown) {
  if (e instanceof Error) return { cls: e.constructor.name, name: e.name, message: e.message, own: Object.keys(e), code: (e as any).code, detail: (e as any).detail }
  return { value: e === undefined ? 'undefined' : e }
}
function finallyOverridesReturn() { try { return tick('try') } finally { log('finally runs'); return 'finally' } }
function finallyOverridesThrow() { try { fail({ kind: 'type', msg: 'lost' }) } finally { return tick('swallowed') } }
function finallyKeepsReturn() { let x = 1; try { return x } finally { x = tick(2); log('x now ' + x) } }
function rethrow() {
  try { fail({ kind: 'db', msg: 'dup key' }) } catch (e) { log('first catch ' + (e as Error).message); (e as any).seen = true; throw e }
}
function nested() {
  const out: string[] = []
  try {
    try { out.push('inner try'); fail({ kind: 'type', msg: 'inner' }) } finally { out.push('inner finally ' + tick(1)) }
  } catch (e) {
    out.push('outer catch ' + (e as Error).message)
    try { fail({ kind: 'string' }) } catch (e2) { out.push('caught ' + String(e2)) } finally { out.push('nested finally') }
  } finally { out.push('outer finally') }
  return out
}
function finallyInLoops() {
  const out: string[] = []
  for (let i = 0; i < 4; i++) {
    try {
      if (i === 1) continue
      if (i === 3) break
      out.push('body ' + tick(i))
    } finally { out.push('finally ' + i) }
  }
  lbl: try { out.push('lbl'); break lbl } finally { out.push('lbl finally') }
  return out
}
function finallyThrowReplaces() {
  try { try { fail({ kind: 'type', msg: 'first' }) } finally { fail({ kind: 'db', msg: 'second' }) } } catch (e) { return describe(e) }
}
function noBinding() { try { fail({ kind: 'undefined' }) } catch { return tick('caught without binding') } }
function catchScope() {
  const e = 'outer'
  try { fail({ kind: 'plain', msg: 'x' }) } catch (e) { log(['catch scope', e]) }
  return e
}
function returnFromCatchWithFinally() {
  const order: string[] = []
  const r = (() => { try { throw new Error('x') } catch { order.push('catch'); return tick('from catch') } finally { order.push('finally') } })()
  return [r, order]
}
function generatorFinally() {
  // sync fallback ×1: a generator body (its finally, run by the for-of's return())
  function* g() { try { yield 1; yield 2 } finally { log('generator finally ' + tick('g')) } }
  for (const v of g()) { if (v === 1) break }
  return 'done'
}

export default function main(): unknown {
  eq(finallyOverridesReturn(), 'finally', 'finally return wins')
  eq(finallyOverridesThrow(), 'swallowed', 'finally return swallows throw')
  eq(finallyKeepsReturn(), 1, 'finally assignment does not change returned value')
  try { rethrow() } catch (e) { eq([describe(e), (e as any).seen], [{ cls: 'DbError', name: 'DbError', message: 'dup key', own: ['code', 'detail', 'seen'], code: 'E42', detail: { table: 'orders' } }, true], 'rethrown error keeps class and own props') }
  eq(nested(), ['inner try', 'inner finally 1', 'outer catch inner', 'caught a string', 'nested finally', 'outer finally'], 'nested handlers')
  eq(finallyInLoops(), ['body 0', 'finally 0', 'finally 1', 'body 2', 'finally 2', 'finally 3', 'lbl', 'lbl finally'], 'finally with continue/break')
  eq(finallyThrowReplaces(), { cls: 'DbError', name: 'DbError', message: 'second', own: ['code', 'detail'], code: 'E42', detail: { table: 'orders' } }, 'error in finally replaces')
  eq(noBinding(), 'caught without binding', 'optional catch binding')
  eq(catchScope(), 'outer', 'catch parameter shadows')
  eq(returnFromCatchWithFinally(), ['from catch', ['catch', 'finally']], 'return from catch runs finally')
  eq(generatorFinally(), 'done', 'generator finally on break')
  const values: unknown[] = []
  for (const kind of ['db', 'type', 'string', 'undefined', 'plain', 'none'] as const) {
    try { values.push(fail({ kind, msg: kind + '!' })) } catch (e) { values.push(describe(e)) }
  }
  eq(values, [
    { cls: 'DbError', name: 'DbError', message: 'db!', own: ['code', 'detail'], code: 'E42', detail: { table: 'orders' } },
    { cls: 'TypeError', name: 'TypeError', message: 'type!', own: [] },
    { value: 'a string' }, { value: 'undefined' }, { value: { plain: 'plain!' } }, 'ok:none!',
  ], 'every kind of thrown value')
  try { fail({ kind: 'sentinel' }) } catch (e) { eq(e === sentinel, true, 'thrown object identity preserved') }
  try { fail({ kind: 'db' }) } catch (e) { eq([e instanceof DbError, e instanceof Error, Object.getPrototypeOf(e) === DbError.prototype], [true, true, true], 'prototype chain') }
  // Errors the runtime cannot annotate: frozen, sealed, non-extensible.
  const frozenErr = Object.freeze(new RangeError('frozen'))
  const locked = hidden(async (k: string) => { counters.async++; await null; throw k === 'frozen' ? frozenErr : k === 'sealed' ? Object.seal(new Error(k)) : Object.preventExtensions(new Error(k)) },
    { sync: (k: string) => { counters.sync++; throw k === 'frozen' ? frozenErr : k === 'sealed' ? Object.seal(new Error(k)) : Object.preventExtensions(new Error(k)) } })
  const lockedSeen: unknown[] = []
  for (const k of ['frozen', 'sealed', 'non-extensible']) {
    try { locked(k) } catch (e) { lockedSeen.push([(e as Error).constructor.name, (e as Error).message, e === frozenErr, Object.isFrozen(e), Object.keys(e as object)]) }
  }
  eq(lockedSeen, [['RangeError', 'frozen', true, true, []], ['Error', 'sealed', false, false, []], ['Error', 'non-extensible', false, false, []]], 'frozen, sealed and non-extensible errors')
  log(values.length)
  return trace
}
