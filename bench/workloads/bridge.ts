// Sync-style callers of a function that does async work: a hidden function in a green task, or a
// blocking bridge call; both look the same from here.
type Call = (...args: number[]) => number;

export function callMany(fn: Call, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += fn(i);
  return sum;
}

export function callOnce(fn: Call, ms: number, x: number): number {
  return fn(ms, x);
}
