/**
 * The green transform, as an ordered list of passes:
 *   1. strip-types  TypeScript/JSX → JavaScript (JS input passes through untouched)
 *   2. parse        JavaScript → ESTree (entries: with the parser's semantic checks, see parse.ts)
 *   2b. lower-using `using`/`await using` → try/finally (only modules that declare resources; parsed again)
 *   3. plan-twins   which functions get twins, and how each is attached (the analysis pass)
 *   3b. plan-lifted-twins  arrows whose twin can be one generator at the top level, given the values it uses
 *   4. emit-twins   original text + twins + a prologue (entry modules: top level as a task)
 *   5. render       text and a source map from the emitted pieces
 *   6. source-map   compose with the type-strip map, back to the original source
 */
import { hasUseStrict } from './ast.ts';
import { parse, type SourceType } from './passes/parse.ts';
import { lowerUsing } from './passes/lower-using.ts';
import { planTwins } from './passes/plan-twins.ts';
import { planLiftedTwins } from './passes/plan-lifted-twins.ts';
import { emitModule } from './passes/emit-module.ts';
import { composeMaps, originalLocation } from './passes/source-map.ts';
import { stripTypes } from './passes/strip-types.ts';
import { Fragment, render } from './output.ts';
import type { TransformOptions, TransformResult } from './types.ts';
import { invalidArgument } from '../errors.ts';

function sourceTypeOf(options: TransformOptions): SourceType {
  if (options.sourceType) return options.sourceType;
  return /\.c[jt]s$/.test(options.filename) ? 'commonjs' : 'module';
}

export function runPipeline(source: string, options: TransformOptions): TransformResult {
  if (typeof source !== 'string') throw invalidArgument('transform()', 'source', 'a string', source);
  if (options === null || typeof options !== 'object' || typeof options.filename !== 'string') {
    throw invalidArgument('transform()', 'options.filename', 'a string', options?.filename);
  }
  const { filename } = options;
  const stripped = stripTypes(source, { filename });
  if (options.twins === false) {
    const map = stripped.map ?? render(new Fragment(source).copy(0, source.length), source, filename).map;
    return { code: stripped.code, map, diagnostics: [] };
  }
  const sourceType = sourceTypeOf(options);
  let { code, map } = stripped;
  let program = parse(code, filename, sourceType, options.entry === true);
  const lowered = lowerUsing(code, program, filename, options.entry === true);
  if (lowered) {
    // The lowered code stands in for the stripped code from here on; its map goes back through both steps.
    map = composeMaps(lowered.map, map, filename, source);
    code = lowered.code;
    program = parse(code, filename, sourceType, options.entry === true);
  }
  const plan = planTwins(program, lowered?.helpers, { checkBindings: options.entry !== true });
  plan.lifted = planLiftedTwins(program, plan, sourceType === 'module' || hasUseStrict(program));
  const fragment = emitModule(code, program, plan, { sourceType, entry: options.entry === true, filename });
  const rendered = render(fragment, code, filename);
  const diagnostics = plan.refusals.map(({ message, at }) => ({ message, filename, ...originalLocation(at, code, map) }));
  return { code: rendered.code, map: composeMaps(rendered.map, map, filename, source), diagnostics };
}
