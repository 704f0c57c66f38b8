// Tagged templates: one frozen template object per site (identical across calls of the same site, distinct
// between sites), raw strings and invalid escapes, substitutions evaluated left to right (with hidden calls),
// member tags keep `this`, tags returning tags, tags that call hidden functions, String.raw.
import { hidden } from 'greenhack'

export const expect = { suspends: true, syncInTask: 3 }  // 3 = 3 (tag functions), annotated below
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
const seen: TemplateStringsArray[] = []
function tag(strings: TemplateStringsArray, ...subs: unknown[]) {
  seen.push(strings)
  return { cooked: [...strings], raw: [...strings.raw], subs, frozen: Object.isFrozen(strings) && Object.isFrozen(strings.raw) }
}
// sync fallback ×2: a tag function, called by the language (its map callback ticks once per substitution)
const suspendingTag = (strings: TemplateStringsArray, ...subs: unknown[]) => strings.map((s, i) => s + (i < subs.length ? tick(String(subs[i])) : '')).join('')
const sub = (v: unknown) => { log('sub ' + String(v)); return tick(v) }
function site(x: number) { return tag`a${x}b` }
function otherSite(x: number) { return tag`a${x}b` }
const chain = (s: TemplateStringsArray) => (t: TemplateStringsArray) => s[0] + '+' + t[0]
const obj = {
  prefix: 'P',
  tag(this: { prefix: string }, s: TemplateStringsArray, ...v: unknown[]) { return this.prefix + s.join('|') + v.join(',') },
}
function invalidEscape(s: TemplateStringsArray) { return [s[0], s.raw[0]] }

export default function main(): unknown {
  const r1 = site(1), r2 = site(2), r3 = otherSite(1)
  eq(seen[0] === seen[1], true, 'same site gives the same template object')
  eq(seen[0] === seen[2], false, 'different sites give different objects')
  eq([r1, r2.subs, r3.cooked], [{ cooked: ['a', 'b'], raw: ['a', 'b'], subs: [1], frozen: true }, [2], ['a', 'b']], 'tag results')
  const inLoop: TemplateStringsArray[] = []
  for (let i = 0; i < 3; i++) { tag`loop${tick(i)}`; inLoop.push(seen[seen.length - 1]) }
  eq(inLoop[0] === inLoop[1] && inLoop[1] === inLoop[2], true, 'loop site identity')
  eq(tag`x${sub(1)}y${sub(2)}z${sub(3)}`.subs, [1, 2, 3], 'substitutions in order')
  eq(tag`\n\u0041${0}\x41`.raw, ['\\n\\u0041', '\\x41'], 'raw strings')
  eq(tag`line1
line2`.cooked, ['line1\nline2'], 'newline in template')
  eq(invalidEscape`\unicode`, [undefined, '\\unicode'], 'invalid escape: cooked undefined, raw kept')
  eq(suspendingTag`<${tick('a')}|${'b'}>`, '<a|b>', 'tag with hidden calls inside')
  eq(obj.tag`x${sub('s')}y`, 'Px|ys', 'member tag keeps this')
  eq(obj['tag']`k${1}`, 'Pk|1', 'computed member tag keeps this')
  eq(chain`first``second`, 'first+second', 'tag returning a tag')
  eq(String.raw`a\tb${tick(1)}\n`, 'a\\tb1\\n', 'String.raw')
  eq(`plain ${sub('untagged')} ${[1, 2]}`, 'plain untagged 1,2', 'untagged template with calls')
  // sync fallback ×1: a hidden function used as a tag, called by the language
  eq(typeof (tick as any)`x`, 'object', 'hidden function as a tag gets the template array')
  const f = (s: TemplateStringsArray) => s
  const a = f`same`, b = f`same`
  eq(a === b, false, 'identical text at two sites is two objects')
  eq(Array.isArray(a) && Array.isArray(a.raw), true, 'template objects are arrays')
  eq(Object.getOwnPropertyNames(a), ['0', 'length', 'raw'], 'template object keys')
  return trace
}
