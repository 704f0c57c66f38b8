// main() ends with an uncaught error after several suspensions: both runs must fail with the same error
// class and message (the runner checks it against expect.throws), after the same effects.
import { hidden } from 'greenhack'

export const expect = { suspends: true, throws: 'LedgerError: balance would go negative: 30 - 45' }
export const counters = { async: 0, sync: 0, asserts: 0 }

const tick = hidden(async <T>(x: T): Promise<T> => { counters.async++; await new Promise((r) => setImmediate(r)); return x },
  { sync: <T>(x: T): T => { counters.sync++; return x }, name: 'tick' })
class LedgerError extends Error { constructor(message: string, readonly code = 'NEG') { super(message) } }

function withdraw(balance: number, amount: number) {
  if (tick(balance) - amount < 0) throw new LedgerError(`balance would go negative: ${balance} - ${amount}`)
  return balance - amount
}
export default function main(): unknown {
  let balance = 100
  for (const amount of [20, 50, 45]) {
    counters.asserts++
    balance = withdraw(balance, tick(amount))
  }
  return balance
}
