/**
 * Pass 1: TypeScript and JSX to plain JavaScript, with a source map. JavaScript input is passed through
 * untouched so that the original functions stay byte-identical (`fn.toString()` does not change).
 */
import { transformSync } from 'oxc-transform';
import { TransformError } from '../../errors.ts';
import type { SourceMapObject } from '../types.ts';

const TYPESCRIPT = /\.(c|m)?tsx?$/;
const JSX = /\.(t|j)sx$/;

export interface StrippedSource {
  code: string;
  /** Map from `code` back to the input, or `null` when `code` is the input itself. */
  map: SourceMapObject | null;
}

/** Strips types (and compiles JSX, enums, namespaces and parameter properties) from `source`. */
export function stripTypes(source: string, options: { filename: string }): StrippedSource {
  const { filename } = options;
  if (!TYPESCRIPT.test(filename) && !JSX.test(filename)) return { code: source, map: null };
  const result = transformSync(filename, source, {
    sourcemap: true,
    typescript: { onlyRemoveTypeImports: false },
    jsx: JSX.test(filename) ? { runtime: 'automatic' } : undefined,
  });
  const error = result.errors.find((e) => e.severity === 'Error') ?? result.errors[0];
  if (error) {
    const label = error.labels?.[0];
    const { line, column } = label ? lineColumn(source, label.start) : { line: 1, column: 1 };
    throw new TransformError(error.message, filename, line, column);
  }
  return { code: result.code, map: result.map as unknown as SourceMapObject };
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
