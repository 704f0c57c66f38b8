// docs/api is generated from the TSDoc comments of the package.json entry points: it must match what
// scripts/api-docs.mjs makes from the source now, and cover every entry point.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compare, entryPoints, generate, REGENERATE, root } from '../../scripts/api-docs.mjs';

const pages = generate();

test('docs/api is up to date with the TSDoc comments and package.json exports', () => {
  const { stale, extra } = compare(pages);
  assert.deepEqual(stale, [], `docs/api is stale: ${stale.join(', ')} differ from the source. Regenerate with: ${REGENERATE} (and commit docs/api).`);
  assert.deepEqual(extra, [], `docs/api has pages for entry points that no longer exist: ${extra.join(', ')}. Regenerate with: ${REGENERATE}.`);
});

test('every subpath export with types has a page, listed in the index, and every export of it is documented', async () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = entryPoints(pkg);
  assert.ok(entries.length >= 10, `only ${entries.length} entry points found in package.json exports`);
  const index = pages.get('docs/api/README.md');
  for (const entry of entries) {
    const page = pages.get(`docs/api/${entry.page}`);
    assert.ok(page, `no page for ${entry.specifier}`);
    assert.ok(index.includes(`(${entry.page})`), `the index does not link ${entry.page}`);
    // The module's runtime exports, read by importing the built entry point, each have a heading.
    const runtime = Object.keys(await import(`${pkg.name}${entry.subpath.slice(1)}`));
    for (const name of runtime) assert.ok(page.includes(`### \`${name}\``), `${entry.specifier} exports ${name}, but ${entry.page} has no section for it`);
  }
});

test('a documented declaration shows its signature and its TSDoc comment', () => {
  const page = pages.get('docs/api/pg.md');
  const source = readFileSync(join(root, 'src/pg/index.ts'), 'utf8');
  assert.match(source, /A pool of database connections\. It connects lazily/);
  assert.match(page, /### `createPool` \(function\)\n\n```ts\ndeclare function createPool\(options\?: PoolOptions\): Pool;\n```\n\nA pool of database connections\. It connects lazily/);
  // Types the signature uses are on the page too, and linked.
  assert.match(page, /See \[`PoolOptions`\]\(#pooloptions-interface\), \[`Pool`\]\(#pool-interface\)\./);
});
