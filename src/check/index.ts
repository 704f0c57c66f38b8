/**
 * `greenhack check`: a static report of hidden calls reachable from frames that cannot suspend. It reads
 * the given files and the modules they import, resolves names across modules, finds every function that
 * reaches a hidden call, and reports each frame that cannot suspend with the chain of calls down to the
 * hidden one. It never runs the code, and it is not used by the runtime.
 */
import { relative, resolve } from 'node:path';
import { moduleFormat } from '../loader/package-info.ts';
import { builtinModule } from '../node-features.ts';
import { collectModule } from './collect.ts';
import { resolveSpecifier, sourceFiles } from './files.ts';
import { type FrameKind, findFrames } from './frames.ts';
import type { Fn, Mod } from './model.ts';
import { Reach, stepLabel } from './reach.ts';
import { describeFrame } from './report.ts';
import { lineColumn, parseSource } from './syntax.ts';
import { Evaluator, type Target } from './values.ts';

export { formatJson, formatText } from './report.ts';
export type { FrameKind };

const { readFileSync, statSync } = builtinModule('node:fs');

export interface CheckOptions {
  /** Paths in the report are relative to it (default: the working directory). */
  cwd?: string;
  /** Modules whose top level runs as a green task (`greenhack run`). Default: modules no other checked module imports. */
  entries?: string[];
}

export interface ChainStep {
  /** `price()`, `Order.total getter`, `fetchRate() [hidden]`. */
  label: string;
  file: string;
  line: number;
  column: number;
  hidden: boolean;
}

export interface Finding {
  file: string;
  line: number;
  column: number;
  /** The kind of frame that cannot suspend. */
  kind: FrameKind;
  /** The frame: `Order.total getter`, `Array.prototype.sort callback`, `top level of lib/db.ts`. */
  frame: string;
  /** From the frame to the hidden call. */
  chain: ChainStep[];
  /** Why the frame cannot suspend, and what to do. */
  message: string;
}

export interface CheckReport {
  findings: Finding[];
  /** Every file read, relative to `cwd`. */
  files: string[];
  /** Files that could not be read or parsed (nothing in them was checked). */
  errors: { file: string; line: number; column: number; message: string }[];
}

/** Checks the source files at `paths` (files or directories) and the modules they import. */
export function check(paths: readonly string[], options: CheckOptions = {}): CheckReport {
  const cwd = options.cwd ?? process.cwd();
  const show = (file: string): string => relative(cwd, file) || file;
  const report: CheckReport = { findings: [], files: [], errors: [] };
  const queue: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (!statSync(absolute, { throwIfNoEntry: false })) throw new RangeError(`greenhack check: no such file or directory: ${path}. Give the source files or directories to check.`);
    queue.push(...sourceFiles(absolute));
  }

  const mods = new Map<string, Mod>();
  const failed = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (mods.has(file) || failed.has(file)) continue;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      failed.add(file);
      report.errors.push({ file: show(file), line: 1, column: 1, message: (error as Error).message });
      continue;
    }
    // ESM first (only its imports are followed); a CommonJS file that is not valid as a module is read as a script.
    let parsed = parseSource(file, source, 'module');
    if (!parsed.program && moduleFormat(file) === 'commonjs') {
      const script = parseSource(file, source, 'commonjs');
      if (script.program) parsed = script;
    }
    if (!parsed.program) {
      failed.add(file);
      report.errors.push({ file: show(file), ...parsed.error! });
      continue;
    }
    const mod = collectModule(show(file), source, parsed.program);
    mods.set(file, mod);
    for (const specifier of mod.imports) {
      const target = resolveSpecifier(specifier, file);
      if (target.kind === 'file') queue.push(target.path);
    }
  }

  const byNode = new Map<object, Fn>();
  for (const mod of mods.values()) for (const fn of mod.fns) byNode.set(fn.node, fn);
  const absoluteOf = new Map<Mod, string>([...mods].map(([file, mod]) => [mod, file]));
  const evaluator = new Evaluator({
    resolve(specifier, from): Target {
      const target = resolveSpecifier(specifier, absoluteOf.get(from)!);
      if (target.kind !== 'file') return target;
      const mod = mods.get(target.path);
      return mod ? { kind: 'module', mod } : { kind: 'unknown' };
    },
    fnOf: (node) => byNode.get(node),
  });

  const all = [...mods.values()];
  const entries = new Set<Mod>();
  if (options.entries) {
    for (const entry of options.entries) {
      const mod = mods.get(resolve(cwd, entry));
      if (mod) entries.add(mod);
    }
  } else {
    const imported = new Set<string>();
    for (const [file, mod] of mods) for (const specifier of mod.imports) {
      const target = resolveSpecifier(specifier, file);
      if (target.kind === 'file' && target.path !== file) imported.add(target.path);
    }
    for (const [file, mod] of mods) if (!imported.has(file)) entries.add(mod);
  }

  const reach = new Reach(evaluator, all.flatMap((mod) => mod.fns));
  const seen = new Set<string>();
  for (const raw of findFrames(all, entries, reach, evaluator)) {
    const { line, column } = lineColumn(raw.module.source, raw.at.start);
    const frameAt = lineColumn(raw.module.source, raw.frameAt);
    const chain: ChainStep[] = [{ label: raw.frame, file: raw.module.file, line: frameAt.line, column: frameAt.column, hidden: false }];
    for (const edge of raw.chain) {
      const at = lineColumn(edge.site.fn.module.source, edge.at.start);
      chain.push({ label: stepLabel(edge.target), file: edge.site.fn.module.file, line: at.line, column: at.column, hidden: edge.target.kind === 'hidden' });
    }
    const key = `${raw.module.file}:${line}:${column}:${raw.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report.findings.push({ file: raw.module.file, line, column, kind: raw.kind, frame: raw.frame, chain, message: describeFrame(raw.kind) });
  }
  report.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  report.files = all.map((mod) => mod.file).sort();
  return report;
}
