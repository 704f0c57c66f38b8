// Startup: the smallest green program, run by `greenhack run` (its top level is a green task).
// bench/workloads/hello-node.mjs is the same program for plain `node`, with await.
import { hidden } from 'greenhack';

const greet = hidden(async (name: string): Promise<string> => `Hello, ${name}!`);
const text: string = greet(process.argv[2] ?? 'world');
console.log(text);
