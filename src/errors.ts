/**
 * Every error class greenhack throws, in one place. Messages say what was wrong, what was expected and
 * what to do.
 */

/** Base class of greenhack's own errors, so `catch (e) { if (e instanceof GreenhackError) … }` works. */
export class GreenhackError extends Error {
  override name = 'GreenhackError';
}

/**
 * A hidden function was called where it cannot suspend the current green task, and no synchronous
 * implementation was given: outside any green task, or under a frame that cannot suspend.
 */
export class GreenContextError extends GreenhackError {
  override name = 'GreenContextError';
  /** Name of the hidden function that was called. */
  readonly functionName: string;
  /** What could not suspend: `outside-task`, `getter`, `setter`, `constructor`, `native`, `untransformed`, `generator`, `async`, `plain`. */
  readonly frameKind: string;
  constructor(message: string, functionName: string, frameKind: string) {
    super(message);
    this.functionName = functionName;
    this.frameKind = frameKind;
  }
}

/** The source could not be compiled (a syntax error, or a construct the transform refuses). */
export class TransformError extends SyntaxError {
  override name = 'TransformError';
  readonly filename: string;
  readonly line: number;
  readonly column: number;
  constructor(message: string, filename: string, line: number, column: number) {
    super(`${filename}:${line}:${column}: ${message}`);
    this.filename = filename;
    this.line = line;
    this.column = column;
  }
}

/** A value passed to a greenhack API has the wrong type. */
export function invalidArgument(api: string, what: string, expected: string, got: unknown): TypeError {
  const shown = got === null ? 'null' : typeof got === 'function' ? 'a function' : typeof got;
  return new TypeError(`${api}: ${what} must be ${expected}, got ${shown}.`);
}
