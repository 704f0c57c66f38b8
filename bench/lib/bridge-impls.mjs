// The async implementations that scenario 4 calls, both from green tasks (as hidden functions) and
// through the blocking worker bridge (loaded in the worker). Identical code on both sides.
let inFlight = 0;
let peak = 0;

export async function echo(x) {
  return x;
}

export async function sleepEcho(ms, x) {
  inFlight++;
  peak = Math.max(peak, inFlight);
  await new Promise((resolve) => setTimeout(resolve, ms));
  inFlight--;
  return x;
}

/** Highest number of `sleepEcho` calls in flight at once since the last call (then resets). */
export async function takePeak() {
  const value = peak;
  peak = 0;
  return value;
}
