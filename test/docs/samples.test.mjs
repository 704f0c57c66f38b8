// Every code sample in README.md and docs/**/*.md is run, or marked as not run with a reason
// (conventions: docs/README.md, "Samples"; extraction: extract.mjs; running: run-samples.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { documentDir, repoRoot, runDocument, scratchRoot } from './run-samples.mjs';

function* markdownFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* markdownFiles(path);
    else if (name.endsWith('.md')) yield relative(repoRoot, path);
  }
}

// DOCS_SAMPLES=docs/recipes.md,README.md runs only those (while writing docs).
const only = process.env.DOCS_SAMPLES?.split(',').filter(Boolean);
const documents = ['README.md', ...markdownFiles(join(repoRoot, 'docs'))].filter((doc) => !only || only.includes(doc));
const counts = { run: 0, shell: 0, file: 0, 'no-run': 0, 'unmarked-shell': 0, pageWide: 0 };

test('docs samples', { concurrency: 2 }, async (t) => {
  await Promise.all(
    documents.map((doc) =>
      t.test(doc, async () => {
        const results = await runDocument(doc, readFileSync(join(repoRoot, doc), 'utf8'));
        for (const { sample } of results) {
          counts[sample.kind]++;
          if (sample.pageWide) counts.pageWide++;
        }
        const failures = results.filter((result) => !result.ok).map((result) => result.message);
        if (failures.length > 0) assert.fail(`${failures.length} of ${results.length} samples of ${doc} failed:\n\n${failures.join('\n\n')}`);
      }),
    ),
  );
  t.diagnostic(`samples run: ${counts.run} programs, ${counts.shell} shell blocks; ${counts.file} files they use; ${counts['no-run']} marked no-run, ${counts.pageWide} of them by a page-wide mark (API declarations, conformance repros)`);
  assert.ok(counts.run + counts.shell > 0, 'no sample was run: the extraction is broken');
});

// The TypeScript samples also typecheck, against the built declarations (a reader's editor would see these errors).
test('docs samples typecheck', (t) => {
  if (only && counts.run + counts.file === 0) return t.diagnostic('DOCS_SAMPLES picked no page with TypeScript samples');
  const config = join(scratchRoot, `tsconfig.${process.pid}.json`);
  const include = documents.map((doc) => `${relative(scratchRoot, documentDir(doc))}/**/*.ts`);
  const compilerOptions = { isolatedDeclarations: false, declaration: false, noUncheckedIndexedAccess: false, noEmit: true };
  writeFileSync(config, JSON.stringify({ extends: '../../tsconfig.json', compilerOptions, include }));
  const tsc = spawnSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', config], { cwd: repoRoot, encoding: 'utf8' });
  rmSync(config);
  assert.equal(tsc.status, 0, `TypeScript errors in docs samples (file names are sample-<line>.ts, or the sample's file name):\n${tsc.stdout}${tsc.stderr}`);
});
