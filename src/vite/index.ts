/**
 * `greenhack/vite`: a Vite plugin (and so a Vitest plugin) that compiles the app's green-scope modules
 * with the green transform, with source maps:
 *
 * ```ts
 * // vite.config.ts (or vitest.config.ts)
 * import { defineConfig } from 'vite';
 * import { greenhack } from 'greenhack/vite';
 * export default defineConfig({ plugins: [greenhack()] });
 * ```
 *
 * Scope is the loader's: the files of the app whose package.json is nearest above `root` (default: Vite's
 * `root`), outside node_modules, plus the packages in its `"greenhack": { "include" }`. It runs before
 * Vite's own TypeScript step (`enforce: 'pre'`), on the original source. Each compiled module imports
 * `greenhack`, which installs the runtime; green code runs where Node runs it (SSR, library builds for
 * Node, Vitest), not in a browser.
 */
import type { Plugin } from 'vite';
import { planner, precompile, transformApi, transformErrorLocation } from '../loader/precompile.ts';

export interface GreenhackViteOptions {
  /** Directory whose nearest package.json is the app (its green scope). Default: Vite's `root`. */
  root?: string;
}

const CODE_FILES = /\.([cm]?[jt]s|[jt]sx)$/;

/** The plugin. */
export function greenhack(options: GreenhackViteOptions = {}): Plugin {
  let plan: ReturnType<typeof planner> | undefined;
  return {
    name: 'greenhack',
    enforce: 'pre',
    configResolved(config) {
      plan = planner(options.root ?? config.root);
    },
    async transform(code, id) {
      // Virtual modules (`\0…`) and requests with a query (`?raw`, `?worker`) are not source files.
      if (id.startsWith('\0') || id.includes('?') || !CODE_FILES.test(id) || /\.d\.[cm]?ts$/.test(id)) return null;
      plan ??= planner(options.root ?? process.cwd());
      const job = plan.jobFor(id);
      if (job === null || job.mode !== 'green') return null;
      const api = await transformApi();
      try {
        const compiled = precompile(api, job, code, { bundled: true });
        for (const d of compiled.diagnostics) this.warn({ message: d.message, id: d.filename, loc: { line: d.line, column: d.column - 1 } } as never);
        return { code: compiled.code, map: compiled.map as never };
      } catch (error) {
        const location = transformErrorLocation(error);
        if (location === undefined) throw error;
        this.error({ message: location.message, id: location.filename, loc: { file: location.filename, line: location.line, column: location.column - 1 } } as never);
      }
    },
  };
}
