// Startup baseline: bench/workloads/hello.ts as plain Node would run it (an async function and await).
const greet = async (name) => `Hello, ${name}!`;
const text = await greet(process.argv[2] ?? 'world');
console.log(text);
