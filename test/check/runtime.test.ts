// The checker's report is true: every flagged path, when run in a green task, throws GreenContextError,
// and every clean fixture runs without one. (Run through the loader, so the fixtures are compiled green.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { asAsync, GreenContextError } from 'greenhack';
import { check } from '../../src/check/index.ts';
import { fixture, fixtureFiles } from './helpers.ts';

type Runs = Record<string, (...args: unknown[]) => unknown>;

async function runs(file: string): Promise<[string, (...args: unknown[]) => unknown][]> {
  const module = (await import(pathToFileURL(file).href)) as Runs;
  return Object.entries(module).filter(([name, value]) => /^run/.test(name) && typeof value === 'function');
}

for (const file of fixtureFiles('findings')) {
  test(`flagged, and throws GreenContextError when run: ${file.split('/').pop()}`, async () => {
    const report = check([file]);
    const own = report.findings.filter((finding) => file.endsWith(finding.file));
    assert.ok(own.length > 0, `the checker reports nothing in ${file}`);
    const entries = await runs(file);
    // One run… function per finding: each takes one flagged path.
    assert.equal(entries.length, own.length, `${file}: ${own.length} findings, ${entries.length} run functions`);
    for (const [name, run] of entries) {
      await assert.rejects(Promise.resolve(asAsync(run)()), (error: unknown) => {
        assert.ok(error instanceof GreenContextError, `${name} in ${file} threw ${String(error)}`);
        return true;
      });
    }
  });
}

test('flagged, and throws GreenContextError when imported: the top level of a module that is not the entry', async () => {
  const report = check([fixture('findings/top-level')]);
  assert.deepEqual(report.findings.map((f) => [f.file.split('/').pop(), f.kind]), [['db.ts', 'module-top-level']]);
  await assert.rejects(import(pathToFileURL(fixture('findings/top-level/db.ts')).href), GreenContextError);
});

for (const file of fixtureFiles('clean')) {
  test(`clean, and runs in a task without GreenContextError: ${file.split('/').pop()}`, async () => {
    assert.deepEqual(check([file]).findings, []);
    const entries = await runs(file);
    assert.ok(entries.length > 0);
    for (const [, run] of entries) assert.equal(typeof (await asAsync(run)()), 'number');
  });
}
