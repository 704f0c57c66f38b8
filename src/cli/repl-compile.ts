/**
 * One REPL input → a script that runs it as a green task. Steps:
 *   1. strip types (TypeScript at the prompt), keeping imports whose bindings this input does not use;
 *   2. parse; an error at the end of the text means the input goes on, on the next line;
 *   3. rewrite the top level so that it persists and reports its value (below);
 *   4. compile green in entry mode (the top level becomes a twin run as a task), and make the module a
 *      script: `vm` scripts share the global scope across inputs, modules do not.
 *
 * Top-level declarations become global variables, as `var` in a script does (and as Node's REPL does
 * with `await` inputs): `const`/`let` → `var`, `class C {}` → `var C = class C {}`, functions stay
 * function declarations. So a name can be declared again by a later input, and `const` is not read-only.
 * `import … from` becomes `var … = await import(…)`. The last top-level expression statement's value is
 * the input's value.
 */
import { parseSync } from 'oxc-parser';
import { transformSync } from 'oxc-transform';
import { TransformError } from '../errors.ts';
import type { Node } from '../transform/ast.ts';
import { type SourceMapObject, transform } from '../transform/index.ts';
import { composeMaps } from '../transform/passes/source-map.ts';
import { lineColumn } from '../transform/passes/strip-types.ts';

/** The global that receives each input's value (non-enumerable, set up by the REPL). */
export const VALUE_GLOBAL = '__greenhack_repl_value';
/**
 * The global holding the running input's file name: it stands where the module had `import.meta.url`,
 * with as many characters, so that columns stay as the source map says.
 */
export const FILE_GLOBAL = '__greenhackFile';

/** A compiled input: the script, and a map from it to the input (lines exact, columns after line 1 too). */
export type Compiled = { kind: 'incomplete' } | { kind: 'script'; code: string; map: SourceMapObject };

/** Compiles one input; throws `TransformError` for code that is wrong (not merely unfinished). */
export function compileInput(input: string, filename: string): Compiled {
  // `{ a: 1 }` at the prompt means an object, as in Node's REPL, when it parses as one.
  if (/^\s*\{/.test(input) && !/;\s*$/.test(input) && parses(`(${input})`)) input = `(${input})`;
  if (parseOrIncomplete(input, 'repl.ts', filename) === undefined) return { kind: 'incomplete' };
  const stripped = transformSync('repl.ts', input, { sourcemap: true, typescript: { onlyRemoveTypeImports: true } });
  const stripError = stripped.errors.find((e) => e.severity === 'Error');
  if (stripError) throw errorAt(input, stripError.labels?.[0]?.start ?? 0, stripError.message, filename);
  const js = stripped.code;
  const program = parseOrIncomplete(js, 'repl.js', filename);
  if (program === undefined) return { kind: 'incomplete' };
  const rewritten = rewriteTopLevel(js, program, filename);
  const compiled = transform(rewritten, { filename: `${filename}.js`, entry: true, sourceType: 'module' });
  // oxc prints the stripped code anew (`a; b` becomes two lines): the map goes back through that too.
  const map = stripped.map ? composeMaps(compiled.map, stripped.map as unknown as SourceMapObject, filename, input) : compiled.map;
  return { kind: 'script', code: toScript(compiled.code), map };
}

function parses(code: string): boolean {
  return parseSync('repl.js', code, { sourceType: 'module' }).errors.length === 0;
}

/** The program, `undefined` when the text ends before it is complete, or a `TransformError`. */
function parseOrIncomplete(code: string, parseAs: string, filename: string): Node | undefined {
  const result = parseSync(parseAs, code, { sourceType: 'module', preserveParens: true });
  const errors = result.errors.filter((e) => e.severity === 'Error');
  if (errors.length === 0) return result.program as unknown as Node;
  const end = code.trimEnd().length;
  for (const error of errors) {
    const at = error.labels?.[0]?.start ?? 0;
    if (at >= end || error.message.includes('`EOF`') || /Unterminated (multiline comment|template)/.test(error.message)) return undefined;
    // An unterminated template literal (a backtick string may span lines); a quoted string may not.
    if (error.message === 'Unterminated string' && code[at] === '`') return undefined;
  }
  const first = errors[0]!;
  throw errorAt(code, first.labels?.[0]?.start ?? 0, first.message, filename);
}

function errorAt(code: string, offset: number, message: string, filename: string): TransformError {
  const { line, column } = lineColumn(code, offset);
  return new TransformError(message, filename, line, column);
}

/** Text edits, applied from the end so that earlier offsets stay valid. */
type Edit = { start: number; end: number; text: string };

function rewriteTopLevel(code: string, program: Node, filename: string): string {
  const edits: Edit[] = [];
  const body = program.body as Node[];
  const refuse = (node: Node, message: string): never => {
    throw errorAt(code, node.start, message, filename);
  };
  for (const statement of body) {
    switch (statement.type) {
      case 'VariableDeclaration':
        if (statement.kind !== 'var' && statement.kind !== 'let' && statement.kind !== 'const') {
          refuse(statement, '`using` at the top level of a REPL input is not supported: put it in a block, `{ using x = … }`, whose end disposes of it.');
        }
        edits.push({ start: statement.start, end: statement.start + statement.kind.length, text: 'var' });
        if (statement.kind === 'let') {
          // `let x` at the prompt resets x, as a fresh declaration would.
          for (const declarator of statement.declarations as Node[]) if (!declarator.init) edits.push({ start: declarator.end, end: declarator.end, text: ' = void 0' });
        }
        break;
      case 'ClassDeclaration':
        edits.push({ start: statement.start, end: statement.start, text: `var ${statement.id.name} = ` });
        edits.push({ start: statement.end, end: statement.end, text: ';' });
        break;
      case 'ImportDeclaration':
        edits.push({ start: statement.start, end: statement.end, text: importAsAwait(code, statement) });
        break;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        refuse(statement, '`export` has no meaning at the REPL: declare the value without it (every top-level declaration stays visible to later inputs).');
    }
  }
  const last = body.at(-1);
  if (last) captureValue(last, edits);
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * The input's value, as the language's completion value would give it for the common shapes: the last
 * expression statement, also at the end of a block, of either branch of an `if`, or of `try` and `catch`.
 */
function captureValue(statement: Node, edits: Edit[]): void {
  switch (statement.type) {
    case 'ExpressionStatement':
      if (typeof statement.directive === 'string') return;
      edits.push({ start: statement.expression.start, end: statement.expression.start, text: `${VALUE_GLOBAL} = (` });
      edits.push({ start: statement.expression.end, end: statement.expression.end, text: ')' });
      return;
    case 'BlockStatement': {
      const last = (statement.body as Node[]).at(-1);
      if (last) captureValue(last, edits);
      return;
    }
    case 'IfStatement':
      captureValue(statement.consequent, edits);
      if (statement.alternate) captureValue(statement.alternate, edits);
      return;
    case 'TryStatement':
      captureValue(statement.block, edits);
      if (statement.handler) captureValue(statement.handler.body, edits);
      return;
    case 'LabeledStatement':
      captureValue(statement.body, edits);
  }
}

/** `import d, { a as b } from 'x'` → `var { default: d, a: b } = await import('x');` */
function importAsAwait(code: string, declaration: Node): string {
  const source = code.slice(declaration.source.start, declaration.source.end);
  const specifiers = declaration.specifiers as Node[];
  if (specifiers.length === 0) return `await import(${source});`;
  const namespace = specifiers.find((s) => s.type === 'ImportNamespaceSpecifier');
  const named = specifiers
    .filter((s) => s.type !== 'ImportNamespaceSpecifier')
    .map((s) => {
      const imported = s.type === 'ImportDefaultSpecifier' ? 'default' : code.slice(s.imported.start, s.imported.end);
      return `${imported}: ${s.local.name}`;
    });
  if (namespace) {
    const rest = named.length > 0 ? `, { ${named.join(', ')} } = ${namespace.local.name}` : '';
    return `var ${namespace.local.name} = await import(${source})${rest};`;
  }
  return `var { ${named.join(', ')} } = await import(${source});`;
}

/**
 * The compiled entry module as a script: the module's prologue declares `const`s that a second input
 * would declare again, so the whole is a block (its `var`s and, in sloppy code, its function
 * declarations still reach the global scope). `import.meta.url` and the top-level `await` before the
 * task are replaced by text of the same length, so columns keep matching the map (line 1 is one to the
 * right, for the block's brace). The REPL catches the task where the helper `entry()` is called.
 */
function toScript(code: string): string {
  const prologue = /\.g\(import\.meta\.url\);/.exec(code);
  const run = [...code.matchAll(/\nawait (__gh\w*)\.entry\(/g)].at(-1);
  if (!prologue || !run) throw new Error('greenhack: internal error: the compiled REPL input does not have the shape of an entry module.');
  const head = code.slice(0, prologue.index) + `.g(${FILE_GLOBAL});` + code.slice(prologue.index + prologue[0].length, run.index);
  return `{${head}\n      ${run[1]}.entry(${code.slice(run.index + run[0].length)}}\n`;
}
