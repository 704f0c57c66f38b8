/**
 * `greenhack/transform`: compile one module for green scope.
 *
 * Types are stripped, and every function that may reach a hidden call gets a generator twin so that
 * green tasks can suspend through it. The original functions are kept as they were.
 */
import { runPipeline } from './pipeline.ts';
import type { TransformOptions, TransformResult } from './types.ts';

export type { Diagnostic, SourceMapObject, TransformOptions, TransformResult } from './types.ts';
export { TransformError } from '../errors.ts';
export { stripTypes } from './passes/strip-types.ts';

/** Compile `source` (TypeScript or JavaScript) for green scope. Throws `TransformError` on a syntax error. */
export function transform(source: string, options: TransformOptions): TransformResult {
  return runPipeline(source, options);
}
