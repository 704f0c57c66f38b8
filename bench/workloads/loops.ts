// Loops and array callbacks that never suspend, for bench/experiments/loops-in-twin.mjs: what a twin pays
// for them over the plain function. (`for…of` over an array; `map` with an arrow that has no twin.)
export interface Row {
  id: number;
  amount: number;
}

export function total(rows: Row[]): number {
  let sum = 0;
  for (const row of rows) sum += row.amount;
  return sum;
}

export function ids(rows: Row[]): number[] {
  return rows.map((row) => row.id);
}

/** Makes the twins exist: a call of an unknown function may suspend. */
export function viaCallback(rows: Row[], f: (rows: Row[]) => number): number {
  return f(rows);
}
