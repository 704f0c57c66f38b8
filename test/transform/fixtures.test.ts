// The transform's output for each input fixture is committed; a change shows up here as a diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from 'oxc-parser';
// @ts-expect-error: a plain .mjs script without types
import { expectedFiles, fixturesDir, inputs } from '../../scripts/update-fixtures.mjs';

for (const input of inputs() as string[]) {
  test(`fixture ${input}`, () => {
    for (const [name, text] of Object.entries(expectedFiles(input) as Record<string, string>)) {
      const path = join(fixturesDir, name);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      assert.equal(text, committed, `${name} differs from the transform's output. If the change is intended, run \`npm run build && node scripts/update-fixtures.mjs\` and review \`git diff test/transform/fixtures\`.`);
      // The output must also be valid JavaScript (a fixture alone would accept a broken one).
      if (name.endsWith('.output.js')) assert.deepEqual(parseSync(name, text, { sourceType: 'module' }).errors, [], `${name} does not parse`);
    }
  });
}
