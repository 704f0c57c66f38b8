/** The transform's passes, in order. (Provisional: type stripping only, twins land next.) */
import { stripTypes } from './passes/strip-types.ts';
import type { TransformOptions, TransformResult } from './types.ts';

export function runPipeline(source: string, options: TransformOptions): TransformResult {
  const stripped = stripTypes(source, options);
  const map = stripped.map ?? { version: 3, sources: [options.filename], names: [], mappings: '' };
  return { code: stripped.code, map, diagnostics: [] };
}
