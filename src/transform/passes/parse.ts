/** Pass 2: parse the type-stripped JavaScript into an ESTree AST (oxc-parser, UTF-16 offsets). */
import { parseSync } from 'oxc-parser';
import { TransformError } from '../../errors.ts';
import type { Node } from '../ast.ts';
import { lineColumn } from './strip-types.ts';

export function parse(code: string, filename: string, sourceType: 'module' | 'commonjs'): Node {
  const result = parseSync(filename.replace(/\.(c|m)?tsx?$/, '.$1js'), code, { sourceType, preserveParens: true });
  const error = result.errors.find((e) => e.severity === 'Error') ?? result.errors[0];
  if (error) {
    const offset = error.labels?.[0]?.start ?? 0;
    const { line, column } = lineColumn(code, offset);
    throw new TransformError(error.message, filename, line, column);
  }
  return result.program as unknown as Node;
}
