// An app that puts two real libraries (postcss, semver) in its green scope and has suspending code of
// its own: a class whose `next()` (a name postcss's nodes use too) reads from an async source, a `map`
// callback that suspends, and a `compare` method (semver's name) that suspends. It never hands the
// libraries a suspending callback. The `run*` exports do the library work the benchmark times; `warmUp`
// runs the app's own suspending paths first, in the same task.
import { hidden } from 'greenhack';

interface Postcss {
  parse(css: string): { toString(): string; nodes: unknown[] };
}
interface Semver {
  satisfies(version: string, range: string): boolean;
  maxSatisfying(versions: string[], range: string): string | null;
  compare(a: string, b: string): number;
}

const readRow = hidden(async (i: number) => ({ id: i, label: `row ${i}` }), { sync: (i: number) => ({ id: i, label: `row ${i}` }), name: 'readRow' });

class Rows {
  private i = 0;
  next(): { id: number; label: string } {
    return readRow(this.i++);
  }
  compare(a: number, b: number): number {
    return readRow(a).id - readRow(b).id;
  }
}

export function warmUp(n: number): number {
  const rows = new Rows();
  const labels = Array.from({ length: n }, () => rows.next()).map((row) => readRow(row.id).label);
  return labels.length + rows.compare(2, 1);
}

/**
 * The body of the benchmark's task: the app's own suspending paths, then the library work. It must be
 * compiled green itself: a task started on an untransformed function calls the originals of everything.
 */
export function inTask<A extends unknown[]>(work: (...args: A) => number, ...args: A): number {
  warmUp(3);
  return work(...args);
}

/** postcss: parse a stylesheet and print it back. */
export function runPostcss(postcss: Postcss, css: string, k: number): number {
  let size = 0;
  for (let i = 0; i < k; i++) {
    const root = postcss.parse(css);
    size += root.nodes.length + root.toString().length;
  }
  return size;
}

/** semver: match a list of versions against ranges, pick the best, and sort. */
export function runSemver(semver: Semver, versions: string[], ranges: string[], k: number): number {
  let hits = 0;
  for (let i = 0; i < k; i++) {
    for (const range of ranges) {
      for (const version of versions) if (semver.satisfies(version, range)) hits++;
      if (semver.maxSatisfying(versions, range) !== null) hits++;
    }
    hits += semver.compare(versions[i % versions.length]!, versions[(i + 1) % versions.length]!);
  }
  return hits;
}

/** A deterministic stylesheet of about `rules` rules: selectors, declarations, comments, media queries. */
export function makeCss(rules: number): string {
  const out: string[] = [];
  for (let i = 0; i < rules; i++) {
    if (i % 10 === 0) out.push(`/* section ${i / 10} */`);
    const body = `.card-${i} > .title:hover, #main .item-${i % 7}[data-x="${i}"] {\n  color: #${(i * 2654435761 % 0xffffff).toString(16).padStart(6, '0')};\n  margin: ${i % 5}px ${i % 3}em;\n  transition: opacity .${i % 9}s ease-in-out;\n}`;
    out.push(i % 15 === 0 ? `@media (min-width: ${400 + i}px) {\n${body}\n}` : body);
  }
  return out.join('\n');
}

export const VERSIONS: string[] = Array.from({ length: 40 }, (_, i) => `${i % 4}.${(i * 7) % 13}.${(i * 3) % 5}${i % 9 === 0 ? '-beta.1' : ''}`);
export const RANGES: string[] = ['^1.2.0', '~2.3.1', '>=0.5.0 <2.0.0', '1.x || 3.x', '*', '^0.0.1', '>1.0.0-alpha'];
