/**
 * Compiling ahead of time (`greenhack build`, the esbuild and Vite plugins) the way the loader compiles at
 * run time: the same green scope and the same transform. One difference: no loader installs the runtime
 * before the program starts, so each compiled module that reads the runtime imports greenhack itself.
 */
import { TraceMap, decodedMappings, encodedMappings } from '@jridgewell/trace-mapping';
import { TransformError } from '../errors.ts';
import { RUNTIME_SYMBOL_KEY } from '../shared/names.ts';
import type * as TransformApi from '../transform/index.ts';
import type { Diagnostic, SourceMapObject } from '../transform/index.ts';
import { jobIn, type CompileJob } from './compiler.ts';
import { createGreenScope } from './scope.ts';

export type { CompileJob } from './compiler.ts';

export interface PrecompileOptions {
  /** Compile the top level as a green task, as `greenhack run` compiles its file. */
  entry?: boolean;
  /** The output goes into a bundle, where a CommonJS module may have no `__filename`. */
  bundled?: boolean;
}

export interface Precompiled {
  code: string;
  /** From `code` back to the original file; `sources` is `[filename]`, `sourcesContent` the original text. */
  map: SourceMapObject;
  diagnostics: Diagnostic[];
}

/** A replacement of `code.slice(start, end)` by `text`, on one line (neither side holds a line break). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Package name a compiled module imports to install the runtime. */
export const RUNTIME_PACKAGE = 'greenhack';

/**
 * What becomes of each file for an app whose root is the nearest package.json at or above `dir`, as the
 * loader started in `dir` decides: `green`, `strip` (TypeScript out of scope) or `null` (left as it is).
 */
export function planner(dir: string): { appRoot: string | null; jobFor(filename: string): CompileJob | null } {
  const scope = createGreenScope(dir, undefined);
  return { appRoot: scope.appRoot, jobFor: (filename) => jobIn(scope, filename) };
}

let api: typeof TransformApi | undefined;

/** The transform, loaded on first use (about 45 ms): a bundler that compiles no green file never pays for it. */
export async function transformApi(): Promise<typeof TransformApi> {
  return (api ??= await import('../transform/index.ts'));
}

/** The code with its map appended as a data URL, the form bundlers read a loaded file's input map in. */
export function inlineSourceMap(compiled: Pick<Precompiled, 'code' | 'map'>): string {
  return `${compiled.code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(compiled.map)).toString('base64')}\n`;
}

/** Where a `TransformError` points, with its message alone; `undefined` for any other error. */
export function transformErrorLocation(error: unknown): { message: string; filename: string; line: number; column: number } | undefined {
  if (!(error instanceof TransformError)) return undefined;
  const { filename, line, column } = error;
  const prefix = `${filename}:${line}:${column}: `;
  return { message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message, filename, line, column };
}

/** Compiles one job: the green transform (plus the runtime import) or type stripping, each with a map to the source. */
export function precompile(api: typeof TransformApi, job: CompileJob, source: string, options: PrecompileOptions = {}): Precompiled {
  const { filename, format } = job;
  if (job.mode === 'green') {
    const result = api.transform(source, { filename, sourceType: format, entry: options.entry === true });
    const compiled = withRuntimeImport({ ...result, map: { ...result.map, sources: [filename], sourcesContent: [source] } }, format);
    return options.bundled && format === 'commonjs' ? withoutFilename(compiled) : compiled;
  }
  const stripped = api.stripTypes(source, { filename });
  const map = stripped.map ?? api.transform(source, { filename, twins: false }).map;
  return { code: stripped.code, map: { ...map, sources: [filename], sourcesContent: [source] }, diagnostics: [] };
}

/**
 * A CommonJS module's prologue names its file with `__filename`, which an ES module bundle does not
 * define: there the module names no file (the bundle's ES modules name the bundle).
 */
function withoutFilename(compiled: Precompiled): Precompiled {
  const at = compiled.code.indexOf('.g(__filename);');
  if (at === -1) return compiled;
  const start = at + '.g('.length;
  const edit = { start, end: start + '__filename'.length, text: 'typeof __filename === "string" ? __filename : ""' };
  return { ...applyEdits(compiled.code, compiled.map, [edit]), diagnostics: compiled.diagnostics };
}

/**
 * Adds `import "greenhack"` (or `require("greenhack")`) just before the prologue that reads the runtime, so
 * the module works under plain `node` and in bundles. Before the prologue, not at the very top: a CommonJS
 * module's "use strict" directive must stay first. Modules without the prologue are returned as they are.
 */
function withRuntimeImport(compiled: Precompiled, format: 'module' | 'commonjs'): Precompiled {
  const read = compiled.code.indexOf(`= globalThis[Symbol.for(${JSON.stringify(RUNTIME_SYMBOL_KEY)})]`);
  const at = read === -1 ? -1 : compiled.code.lastIndexOf('const ', read);
  if (at === -1) return compiled;
  const statement = format === 'module' ? `import ${JSON.stringify(RUNTIME_PACKAGE)}; ` : `require(${JSON.stringify(RUNTIME_PACKAGE)}); `;
  return { ...applyEdits(compiled.code, compiled.map, [{ start: at, end: at, text: statement }]), diagnostics: compiled.diagnostics };
}

/**
 * Applies single-line edits to `code` and moves the map's columns with them, so positions after an edit on
 * its line still map where they did. A mapping inside a replaced range moves to the range's start.
 */
export function applyEdits(code: string, map: SourceMapObject, edits: TextEdit[]): { code: string; map: SourceMapObject } {
  if (edits.length === 0) return { code, map };
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const lineStarts = [0];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // The edits of each line, in that line's columns before any edit.
  const byLine = new Map<number, { start: number; end: number; delta: number }[]>();
  let out = '';
  let position = 0;
  for (const edit of sorted) {
    out += code.slice(position, edit.start) + edit.text;
    position = edit.end;
    const line = lineOf(lineStarts, edit.start);
    const column = edit.start - lineStarts[line]!;
    const onLine = byLine.get(line) ?? [];
    onLine.push({ start: column, end: column + edit.end - edit.start, delta: edit.text.length - (edit.end - edit.start) });
    byLine.set(line, onLine);
  }
  out += code.slice(position);
  const lines = decodedMappings(new TraceMap(map as never)).map((line) => line.map((segment) => [...segment]));
  for (const [line, onLine] of byLine) {
    for (const segment of lines[line] ?? []) segment[0] = movedColumn(segment[0]!, onLine);
  }
  const mappings = encodedMappings(new TraceMap({ ...map, mappings: lines } as never));
  return { code: out, map: { ...map, mappings } };
}

/** A column after the line's edits: shifted by the edits before it, or at the start of the one it was inside. */
function movedColumn(column: number, edits: { start: number; end: number; delta: number }[]): number {
  let shift = 0;
  for (const edit of edits) {
    if (column >= edit.end) shift += edit.delta;
    else if (column > edit.start) return edit.start + shift;
    else break;
  }
  return column + shift;
}

function lineOf(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
