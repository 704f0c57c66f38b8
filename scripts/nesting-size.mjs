// Output size of nested functions with twins, by nesting depth (docs/code-growth.md).
// Usage: node scripts/nesting-size.mjs   (npm run build first)
import { transform } from '../dist/transform/index.js';

const shapes = [
  ['nested IIFEs', (d) => '(function(){'.repeat(d) + 'h();' + '})()'.repeat(d), [8, 12, 16, 20]],
  ['nested callbacks', (d) => 'export function f(g) { ' + 'g(() => { '.repeat(d) + 'h();' + ' });'.repeat(d) + ' }', [4, 8, 12]],
];
for (const [name, make, depths] of shapes) {
  for (const depth of depths) {
    const source = make(depth);
    const start = performance.now();
    const { code } = transform(source, { filename: 'nested.mjs' });
    console.log(`${name}, depth ${depth}: ${source.length} → ${code.length} characters, ${(performance.now() - start).toFixed(0)} ms`);
  }
}
