// A plain namespace member (Math.trunc) and a string method reached from a literal (String.prototype.concat),
// replaced by this module with green functions: a built-in this very module replaces is not trusted
// under that name (plan-twins.ts, writesCallee).
import { hidden, isGreen } from 'greenhack'

export const expect = { suspends: true }
export const counters = { async: 0, sync: 0, asserts: 0 }

const load = hidden(async (x: number) => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: (x: number) => { counters.sync++; return x }, name: 'load' })

function cut(x: number): number { return Math.trunc(x) }          // no twin: `Math.*` is plain
function glue(s: string): string { return 'ab'.concat(s) }       // no twin: a string literal's method is plain

export default function main(): unknown {
  const savedTrunc = Math.trunc, savedConcat = String.prototype.concat
  Math.trunc = (x: number): number => load(x)
  String.prototype.concat = function (this: string, s: string): string { return this + '-' + load(s.length) }
  try {
    if (cut(7) !== 7 || glue('xyz') !== 'ab-3') throw new Error('wrong results')
  } finally {
    Math.trunc = savedTrunc
    String.prototype.concat = savedConcat
  }
  if (isGreen() && counters.sync !== 0) throw new Error(`every hidden call in the task should suspend, ${counters.sync} did not`)
  return 'done'
}
