// Tasks suspended 10 frames deep, all waiting on one promise that is resolved later. Green: sync-style
// frames and a hidden call. Baseline: the same frames as async functions awaiting the same implementation.
let open: (value: number) => void = () => {};
let gate: Promise<number> = Promise.resolve(0);

export function closeGate(): void {
  gate = new Promise((resolve) => {
    open = resolve;
  });
}

export function openGate(value: number): void {
  open(value);
}

/** The wait: every caller gets the same pending promise. */
export function gateImpl(_x: number): Promise<number> {
  return gate;
}

export function level(wait: (x: number) => number, depth: number, x: number): number {
  const y = x + depth;
  return depth <= 1 ? wait(y) + y : level(wait, depth - 1, y) + y;
}

export async function alevel(wait: (x: number) => Promise<number>, depth: number, x: number): Promise<number> {
  const y = x + depth;
  return depth <= 1 ? (await wait(y)) + y : (await alevel(wait, depth - 1, y)) + y;
}
