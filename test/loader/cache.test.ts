// The on-disk cache of compiled modules: written on the first run, read on the next, rewritten when an
// entry is corrupt or the source changes, and off with GREENHACK_CACHE=0.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { fixture, loaderReport, runWithLoader } from './helpers.ts';

const copies: string[] = [];
after(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the ESM fixture app (with its node_modules), so each test starts with no cache. */
function freshApp(): { dir: string; cacheDir: string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'greenhack-cache-test-')));
  copies.push(dir);
  cpSync(fixture('esm-app'), dir, { recursive: true, filter: (source) => !source.includes('.cache') });
  return { dir, cacheDir: join(dir, 'node_modules/.cache/greenhack') };
}

const cached = { GREENHACK_CACHE: '1', GREENHACK_DEBUG: 'loader' };

function entries(cacheDir: string): Map<string, number> {
  return new Map(readdirSync(cacheDir).map((name) => [name, statSync(join(cacheDir, name)).mtimeMs]));
}

test('the first run writes one entry per compiled module, with its inline source map; the second reads them', () => {
  const { dir, cacheDir } = freshApp();
  const first = runWithLoader(dir, 'main.ts', [], cached);
  assert.equal(first.status, 0, first.stderr);
  const compiled = loaderReport(first.stderr);
  assert.ok(compiled.size >= 8);
  assert.ok([...compiled.values()].every((loaded) => loaded.how === 'compiled'));
  const written = entries(cacheDir);
  assert.equal(written.size, compiled.size, [...written.keys()].join('\n'));
  assert.ok([...written.keys()].every((name) => name.endsWith('.json')), 'a temporary file was left behind');

  const math = [...written.keys()].map((name) => JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as { code: string })
    .find((entry) => entry.code.includes('n * 2'));
  const inlineMap = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(math?.code ?? '');
  assert.ok(inlineMap, 'math.ts has no inline source map');
  const map = JSON.parse(Buffer.from(inlineMap[1], 'base64').toString()) as { sources: string[] };
  assert.deepEqual(map.sources, [pathToFileURL(join(dir, 'math.ts')).href]);

  const second = runWithLoader(dir, 'main.ts', [], cached);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  const reread = loaderReport(second.stderr);
  assert.deepEqual([...reread.keys()].sort(), [...compiled.keys()].sort());
  assert.ok([...reread.values()].every((loaded) => loaded.how === 'cached'));
  assert.deepEqual(entries(cacheDir), written, 'the second run rewrote cache entries');
});

test('a corrupt entry is ignored and rewritten', () => {
  const { dir, cacheDir } = freshApp();
  const expected = runWithLoader(dir, 'main.ts', [], cached);
  assert.equal(expected.status, 0, expected.stderr);
  const names = readdirSync(cacheDir);
  // Three kinds of damage: truncated JSON, valid JSON of the wrong shape, an entry for another key.
  writeFileSync(join(cacheDir, names[0]), readFileSync(join(cacheDir, names[0]), 'utf8').slice(0, 40));
  writeFileSync(join(cacheDir, names[1]), '{}');
  writeFileSync(join(cacheDir, names[2]), readFileSync(join(cacheDir, names[3]), 'utf8'));

  const run = runWithLoader(dir, 'main.ts', [], cached);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, expected.stdout);
  const report = [...loaderReport(run.stderr).values()];
  assert.equal(report.filter((loaded) => loaded.how === 'compiled').length, 3);
  for (const name of names.slice(0, 3)) {
    const entry = JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as { key: string; code: string };
    assert.equal(`${entry.key}.json`, name);
    assert.equal(typeof entry.code, 'string');
  }
});

test('an edited source is compiled again; the other modules still come from the cache', () => {
  const { dir, cacheDir } = freshApp();
  assert.equal(runWithLoader(dir, 'main.ts', [], cached).status, 0);
  const before = readdirSync(cacheDir).length;
  writeFileSync(join(dir, 'math.ts'), 'export function double(n: number): number {\n  return n + n + 0;\n}\n');
  const run = runWithLoader(dir, 'main.ts', [], cached);
  assert.equal(run.status, 0, run.stderr);
  const report = loaderReport(run.stderr);
  assert.equal(report.get(join(dir, 'math.ts'))?.how, 'compiled');
  assert.equal(report.get(join(dir, 'text.ts'))?.how, 'cached');
  assert.equal(readdirSync(cacheDir).length, before + 1);
});

test('GREENHACK_CACHE=0 neither reads nor writes a cache', () => {
  const { dir, cacheDir } = freshApp();
  const run = runWithLoader(dir, 'main.ts', [], { GREENHACK_CACHE: '0', GREENHACK_DEBUG: 'loader' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok([...loaderReport(run.stderr).values()].every((loaded) => loaded.how === 'compiled'));
  assert.equal(existsSync(cacheDir), false);
});
