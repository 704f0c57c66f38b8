/**
 * `greenhack/esbuild`: an esbuild plugin that compiles the app's green-scope files with the green
 * transform while bundling, so the bundle runs with plain `node`:
 *
 * ```ts
 * import { build } from 'esbuild';
 * import { greenhack } from 'greenhack/esbuild';
 * await build({ entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm',
 *   sourcemap: true, outfile: 'dist/main.js', plugins: [greenhack()] });
 * ```
 *
 * Scope is the loader's: the files of the app whose package.json is nearest above `root` (default: the
 * build's working directory), outside node_modules, plus the packages in its `"greenhack": { "include" }`.
 * Other files are left to esbuild. Each compiled module imports `greenhack`, which installs the runtime.
 */
import type { Plugin, PartialMessage } from 'esbuild';
import { dirname } from 'node:path';
import { builtinModule } from '../node-features.ts';
import { inlineSourceMap, planner, precompile, transformApi, transformErrorLocation } from '../loader/precompile.ts';

const { readFileSync } = builtinModule('node:fs');

export interface GreenhackEsbuildOptions {
  /** Directory whose nearest package.json is the app (its green scope). Default: esbuild's `absWorkingDir`, else the working directory. */
  root?: string;
}

const CODE_FILES = /\.([cm]?[jt]s|[jt]sx)$/;

/** The plugin. Files it compiles are handed to esbuild as JavaScript with an inline source map to the original. */
export function greenhack(options: GreenhackEsbuildOptions = {}): Plugin {
  return {
    name: 'greenhack',
    setup(build) {
      const plan = planner(options.root ?? build.initialOptions.absWorkingDir ?? process.cwd());
      build.onLoad({ filter: CODE_FILES, namespace: 'file' }, async (args) => {
        const job = plan.jobFor(args.path);
        // Out of scope: esbuild strips the types itself, as the loader would.
        if (job === null || job.mode !== 'green' || /\.d\.[cm]?ts$/.test(args.path)) return undefined;
        const api = await transformApi();
        try {
          const compiled = precompile(api, job, readFileSync(args.path, 'utf8'), { bundled: true });
          const warnings: PartialMessage[] = compiled.diagnostics.map((d) => ({ text: d.message, location: { file: d.filename, line: d.line, column: d.column - 1 } }));
          return { contents: inlineSourceMap(compiled), loader: 'js', resolveDir: dirname(args.path), warnings };
        } catch (error) {
          const location = transformErrorLocation(error);
          if (location === undefined) throw error;
          return { errors: [{ text: location.message, location: { file: location.filename, line: location.line, column: location.column - 1 } }] };
        }
      });
    },
  };
}
