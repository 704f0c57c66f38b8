/** Options of `transform()`. */
export interface TransformOptions {
  /** Path or URL of the module; its extension selects TypeScript, JSX and module kind. */
  filename: string;
  /**
   * Compile the module's top-level code as a green task (for `greenhack run` and the REPL): a hidden call
   * then works at top level, and `await` at top level suspends the task.
   */
  entry?: boolean;
  /**
   * `module` (ESM), `commonjs`, or `script` (a classic script: compiled like CommonJS, but top-level
   * `return` and `new.target` are syntax errors). Default: from the extension (`.cjs`/`.cts` are
   * CommonJS, others ESM).
   */
  sourceType?: 'module' | 'commonjs' | 'script';
  /** Emit twins (default true). `false` only strips types: the untransformed baseline. */
  twins?: boolean;
}

/** A version 3 source map as a plain object. */
export interface SourceMapObject {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/** A construct the transform compiled conservatively (it runs, but cannot suspend), with its place. */
export interface Diagnostic {
  message: string;
  filename: string;
  /** 1-based line in the original source. */
  line: number;
  /** 1-based column in the original source. */
  column: number;
}

export interface TransformResult {
  code: string;
  map: SourceMapObject;
  diagnostics: Diagnostic[];
}
