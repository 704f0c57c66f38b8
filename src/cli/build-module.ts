/**
 * One module of `greenhack build`: output names, and the rewriting of relative import specifiers so that
 * plain `node` finds the compiled files: `./x.ts` → `./x.js`, `./x` → `./x.js`, `./dir` → `./dir/index.js`,
 * resolved as the loader resolves them (src/loader/resolve.ts).
 */
import { dirname, resolve } from 'node:path';
import { parseSync } from 'oxc-parser';
import { alternativeSpecifier } from '../loader/resolve.ts';
import type { TextEdit } from '../loader/precompile.ts';
import type { Node } from '../transform/ast.ts';
import { builtinModule } from '../node-features.ts';

const { statSync } = builtinModule('node:fs');

/** Declaration files: copied as they are, never compiled. */
export const DECLARATION: RegExp = /\.d\.[cm]?ts$/;
/** Files the build compiles (TypeScript, JSX) or may compile (JavaScript in green scope). */
export const CODE: RegExp = /\.([cm]?[jt]s|[jt]sx)$/;
const RENAMED: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.jsx': '.js', '.mts': '.mjs', '.cts': '.cjs' };

/** The output name of a source file: TypeScript and JSX become JavaScript; everything else keeps its name. */
export function outputName(path: string): string {
  if (DECLARATION.test(path)) return path;
  const extension = /\.[^./]+$/.exec(path)?.[0] ?? '';
  const renamed = RENAMED[extension];
  return renamed === undefined ? path : path.slice(0, -extension.length) + renamed;
}

/** The declaration file emitted beside an output: `x.ts` → `x.d.ts`, `x.mts` → `x.d.mts`, `x.cts` → `x.d.cts`. */
export function declarationName(path: string): string {
  return path.replace(/\.([cm]?)tsx?$/, '.d.$1ts');
}

/**
 * The edits that point the relative specifiers of `code` (the compiled module, or a declaration file) at
 * output files. `outputs` maps each compiled source file to its output file.
 */
export function specifierEdits(code: string, parseAs: string, sourceType: 'module' | 'commonjs', importer: string, outputs: ReadonlyMap<string, string>): { edits: TextEdit[]; errors: string[] } {
  const program = parseSync(parseAs, code, { sourceType }).program as unknown as Node;
  const edits: TextEdit[] = [];
  const errors: string[] = [];
  for (const literal of specifierLiterals(program)) {
    // Only plain literals: a specifier written with escapes is left as it is.
    if (literal.raw?.slice(1, -1) !== literal.value) continue;
    const rewritten = rewriteSpecifier(literal.value as string, importer, outputs);
    if (rewritten?.error !== undefined) errors.push(rewritten.error);
    else if (rewritten !== undefined) edits.push({ start: literal.start + 1, end: literal.end - 1, text: rewritten.specifier });
  }
  return { edits, errors };
}

/** The specifier to write instead, an error (a TypeScript file the build does not compile), or nothing to change. */
function rewriteSpecifier(specifier: string, importer: string, outputs: ReadonlyMap<string, string>): { specifier: string; error?: undefined } | { error: string } | undefined {
  if (!/^\.\.?(\/|$)/.test(specifier)) return undefined;
  const asWritten = resolve(dirname(importer), specifier);
  const chosen = isFile(asWritten) ? specifier : alternativeSpecifier(specifier, importer);
  // Not found: left for Node to report, as it would have reported it for the source.
  if (chosen === undefined) return undefined;
  const target = resolve(dirname(importer), chosen);
  const output = outputs.get(target);
  if (output === undefined) {
    if (/\.([cm]?tsx?|jsx)$/.test(target) && !DECLARATION.test(target)) {
      return { error: `${importer} imports '${specifier}', which is ${target}: a file outside the directory being built, so its compiled version would be missing. Build a directory that holds both.` };
    }
    return chosen === specifier ? undefined : { specifier: chosen };
  }
  const sourceExtension = /\.[^./]+$/.exec(target)![0];
  const outputExtension = /\.[^./]+$/.exec(output)![0];
  const rewritten = chosen.slice(0, -sourceExtension.length) + outputExtension;
  return rewritten === specifier ? undefined : { specifier: rewritten };
}

/**
 * String literals that name modules: `import`/`export … from`, `import()`, `require()`, `require.resolve()`,
 * and in declaration files `import("…")` types and `import x = require("…")`.
 */
function specifierLiterals(root: Node): Node[] {
  const found: Node[] = [];
  const isString = (node: Node | null | undefined): node is Node => node?.type === 'Literal' && typeof node.value === 'string';
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
      case 'ImportExpression':
        if (isString(node.source)) found.push(node.source);
        break;
      case 'CallExpression': {
        const callee = node.callee as Node;
        const isRequire =
          (callee.type === 'Identifier' && callee.name === 'require') ||
          (callee.type === 'MemberExpression' && callee.object?.name === 'require' && callee.property?.name === 'resolve');
        if (isRequire && isString(node.arguments[0])) found.push(node.arguments[0]);
        break;
      }
      case 'TSImportType': {
        const argument = node.argument?.literal ?? node.argument ?? node.source;
        if (isString(argument)) found.push(argument);
        break;
      }
      case 'TSExternalModuleReference':
        if (isString(node.expression)) found.push(node.expression);
        break;
    }
    // Every key of every node: TypeScript nodes (in declaration files) have keys their JavaScript
    // counterparts lack, such as an Identifier's typeAnnotation.
    for (const key in node) {
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item);
      } else if (isNode(value)) visit(value);
    }
  };
  visit(root);
  return found;
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && typeof (value as Node).type === 'string';
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
