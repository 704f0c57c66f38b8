/**
 * Pass 2: parse the type-stripped JavaScript into an ESTree AST (oxc-parser, UTF-16 offsets).
 *
 * An entry's top level is compiled only as the body of a generator method, so V8 never sees it where it
 * was written: code that is an early error there (top-level `return` in a script, `new.target`, `super.x`,
 * `yield` in strict code, a for-of head with an initializer, …) but legal in a generator method would run.
 * For entries the parser's semantic checks are on, and every error they find is refused as V8 would.
 */
import { parseSync } from 'oxc-parser';
import { TransformError } from '../../errors.ts';
import type { Node } from '../ast.ts';
import { lineColumn } from './strip-types.ts';

export type SourceType = 'module' | 'commonjs' | 'script';

export function parse(code: string, filename: string, sourceType: SourceType, entry = false): Node {
  const result = parseSync(filename.replace(/\.(c|m)?tsx?$/, '.$1js'), code, { sourceType, preserveParens: true, showSemanticErrors: entry });
  const error = result.errors.find((e) => e.severity === 'Error') ?? result.errors[0];
  if (error) {
    const offset = error.labels?.[0]?.start ?? 0;
    const { line, column } = lineColumn(code, offset);
    throw new TransformError(error.message, filename, line, column);
  }
  return result.program as unknown as Node;
}
