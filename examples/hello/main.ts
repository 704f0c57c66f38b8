// Run with `npm run example` (or `npx greenhack run examples/hello/main.ts [name]`).
// The top-level code runs as a green task, so the hidden function below, async inside, is called like
// an ordinary one: no `await`, and the event loop keeps running while it waits.
import { hidden } from 'greenhack';

interface Greeting {
  text: string;
  tookMs: number;
}

/** Pretends to fetch a greeting from a slow service. */
const fetchGreeting = hidden(async (name: string): Promise<Greeting> => {
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { text: `Hello, ${name}!`, tookMs: Date.now() - started };
});

const name: string = process.argv[2] ?? 'world';
const greeting: Greeting = fetchGreeting(name);
console.log(`${greeting.text} (the hidden call took ${greeting.tookMs} ms)`);
