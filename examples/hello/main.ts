// Run with `npm run example` (or `npx greenhack run examples/hello/main.ts [name]`).
// The top-level code below runs as a green task: once greenhack's runtime is in place, a hidden function
// (an async implementation behind a synchronous signature) can be called here without `await`.

interface Greeting {
  name: string;
  at: Date;
}

function greet(name: string): Greeting {
  return { name, at: new Date() };
}

const name: string = process.argv[2] ?? 'world';
const greeting: Greeting = greet(name);
console.log(`Hello, ${greeting.name}! (${greeting.at.toISOString()})`);
