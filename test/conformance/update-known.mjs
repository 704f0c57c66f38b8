#!/usr/bin/env node
/**
 * Rewrites the run lists of known-differences.json from full-run results (run-conformance.mjs --json),
 * one file per Node version:
 *
 *   node test/conformance/update-known.mjs /tmp/node20.json /tmp/node24.json
 *
 * Each transformed failure of a natively passing run is put in the first category whose rule matches
 * (the categories' reasons and repros are written by hand in known-differences.json); a listed run that
 * passes in every file where it ran is dropped, and so is a category left with no runs. Failures no rule
 * matches are printed and left out, so the conformance run keeps reporting them until someone decides
 * what they are.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runKey } from './test262.mjs';

/** [category id, (path, variant, detail) => boolean], first match wins. */
const RULES = [
  ['nesting-growth', (p, v, d) => d.startsWith('timed out') && p.endsWith('function/S13.2.1_A1_T1.js')],
  ['hashbang-line-terminator', (p) => p.includes('/comments/hashbang/line-terminator-')],
  ['entry-for-await', (p, v, d) => d.includes('`for await` at the top level')],
  ['entry-await-in-pattern', (p) => /top-level-await\/syntax\/(export-var-await-expr-|catch-parameter)/.test(p)],
  ['entry-default-export-name', (p, v, d) => d.includes('__ghdefault') || (/dflt|default-export/.test(p) && d.includes('"default"'))],
  ['cycle-early-call', (p, v, d) => d.includes("Cannot access '__gh' before initialization")],
  ['entry-using', (p, v, d) => /statements\/(using|await-using)\/|head-await-using/.test(p) && !d.startsWith('expected parse')],
  ['sloppy-yield-identifier', (p, v, d) => v === 'sloppy' && p.includes('yield') && !d.startsWith('expected parse')],
  ['entry-early-errors', (p, v, d) => /^expected parse SyntaxError, got runtime/.test(d)],
  ['entry-empty-pattern', (p) => /statements\/(let|const|variable)\/dstr\/(ary|obj)-ptrn-(elem-ary-(elision|empty)|elision|empty|rest-ary-(elision|empty))/.test(p)],
  ['entry-asi', (p, v, d) => /^runtime: TypeError: .* is not a function$/.test(d) && !d.includes('yield is not')],
  ['entry-const-assignment', (p) => /put-const|global-code\/decl-lex\.js/.test(p)],
  ['for-of-head-tdz', (p) => /for-of\/(scope-(head|body)-lex-|head-using-bound-names-fordecl-tdz)/.test(p)],
  ['argument-order', (p) => p.endsWith('call/S11.2.4_A1.4_T2.js')],
  ['eval-in-twin', (p) => /nested-(private-)?direct-eval-err-contains-arguments|super\/prop-(dot|expr)-obj-val-from-eval|direct\/super-prop-method\.js/.test(p)],
  ['entry-scope', (p) => /eval-code\/direct\/|script-decl-lex-var-declared-via-eval|indirect-eval-contains-arguments|S13\.2\.2_A19_T7/.test(p)],
  ['entry-tdz', (p, v, d) => d.includes('ReferenceError')],
  ['class-field-asi', (p) => /private-method-shadowed-by-(field|getter|setter)-on-nested-class/.test(p)],
  ['optional-call-this', (p) => p.includes('optional-call-preserves-this')],
  ['array-from-interleave', (p) => /Array\/from\/elements-(deleted|updated)-after/.test(p)],
  ['caller', (p) => /arguments-object\/10\.6-13-a-[23]\.js/.test(p)],
  ['with', (p) => /statements\/with\/|call\/with-base-obj/.test(p)],
  ['promise-observable', (p) => /constructor-lookup/.test(p)],
];

const knownUrl = new URL('./known-differences.json', import.meta.url);
const known = JSON.parse(readFileSync(knownUrl, 'utf8'));
const byId = new Map(known.categories.map((c) => [c.id, c]));
const failing = new Map();
const passing = new Set();

for (const file of process.argv.slice(2)) {
  const { results, node } = JSON.parse(readFileSync(file, 'utf8'));
  for (const result of results) {
    for (const run of result.runs) {
      if (!run.native?.pass) continue;
      const key = runKey(result.path, run.variant);
      if (run.green?.pass) passing.add(key);
      else failing.set(key, { path: result.path, variant: run.variant, detail: run.green?.detail ?? 'not run', node });
    }
  }
}

const unmatched = [];
const runs = new Map(known.categories.map((c) => [c.id, new Set(c.runs)]));
for (const [key, { path, variant, detail }] of failing) {
  const rule = RULES.find(([, match]) => match(path, variant, detail));
  // A rule whose category was dropped (its bug fixed) leaves a regression unlisted, to be looked at.
  if (!rule || !byId.has(rule[0])) unmatched.push(`${key}${rule ? ` (rule ${rule[0]}: no such category)` : ''}\n    ${detail}`);
  else {
    for (const set of runs.values()) set.delete(key);
    runs.get(rule[0]).add(key);
  }
}
for (const category of known.categories) {
  category.runs = [...runs.get(category.id)].filter((key) => failing.has(key) || !passing.has(key)).sort();
}
// A category whose runs all pass again is dropped (its rule stays, for regressions).
const fixed = known.categories.filter((c) => c.runs.length === 0).map((c) => c.id);
known.categories = known.categories.filter((c) => c.runs.length > 0);
writeFileSync(knownUrl, `${JSON.stringify(known, null, 2)}\n`);
for (const c of known.categories) console.log(`${String(c.runs.length).padStart(5)}  ${c.id}`);
if (fixed.length > 0) console.log(`Dropped (every run passes): ${fixed.join(', ')}`);
if (unmatched.length > 0) console.log(`\nNo rule matches (${unmatched.length}); not listed:\n${unmatched.join('\n')}`);
