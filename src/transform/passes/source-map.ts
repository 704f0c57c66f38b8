/** Pass 6: one source map from the output back to the original source, through the type-strip step. */
import remapping from '@jridgewell/remapping';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { SourceMapObject } from '../types.ts';
import { lineColumn } from './strip-types.ts';

export function composeMaps(emitted: SourceMapObject, stripped: SourceMapObject | null, filename: string, original: string): SourceMapObject {
  const map = stripped
    ? (remapping([emitted as never, stripped as never], () => null) as unknown as SourceMapObject)
    : emitted;
  return { ...map, file: filename, sources: [filename], sourcesContent: [original] } as SourceMapObject;
}

/** 1-based line and column in the original source of an offset in the stripped code. */
export function originalLocation(offset: number, code: string, stripped: SourceMapObject | null): { line: number; column: number } {
  const { line, column } = lineColumn(code, offset);
  if (!stripped) return { line, column };
  const position = originalPositionFor(new TraceMap(stripped as never), { line, column: column - 1 });
  return position.line === null ? { line, column } : { line: position.line, column: position.column + 1 };
}
