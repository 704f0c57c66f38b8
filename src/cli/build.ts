/**
 * `greenhack build <src> --out <dir>`: compiles a project ahead of time so that production runs it with
 * plain `node`, no loader. Each file under <src> gets what the loader would give it (green transform in
 * green scope, type stripping for other TypeScript), relative specifiers are pointed at the output files,
 * each module gets a `.js.map` (to the original source, through the type-strip step), declaration files
 * are copied, and with `--declaration` emitted for TypeScript. Other files are copied. Packages the app
 * includes in green scope are compiled into <out>/node_modules.
 */
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { builtinModule } from '../node-features.ts';
import { applyEdits, planner, precompile, transformApi, type Precompiled } from '../loader/precompile.ts';
import { nearestPackage } from '../loader/package-info.ts';
import { TransformError } from '../errors.ts';
import { CODE, DECLARATION, declarationName, outputName, specifierEdits } from './build-module.ts';

const { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } = builtinModule('node:fs');

export const BUILD_USAGE: string = `Usage: greenhack build <src> --out <dir> [--entry <file>]... [--declaration]

Compiles every file under <src> for plain node (no --import): TypeScript and green-scope JavaScript
become JavaScript with generator twins, with .js.map source maps; other files are copied.

  -o, --out <dir>     Where to write the output (required; not <src> itself).
  --entry <file>      Compile <file>'s top-level code as a green task, as 'greenhack run' does.
                      Repeatable. The file must be under <src>.
  -d, --declaration   Emit .d.ts files for TypeScript (needs isolatedDeclarations-style explicit types).
  -h, --help          Show this help.

Packages named in package.json "greenhack": { "include" } are compiled into <out>/node_modules.

Run the output with 'node --enable-source-maps <out>/main.js' for stack traces in the .ts sources.
The output imports 'greenhack': keep it a dependency of the app.
`;

interface BuildOptions {
  src: string;
  out: string;
  entries: Set<string>;
  declaration: boolean;
}

/** Runs the command; the number is the exit status (2: bad arguments, 1: a file did not compile). */
export async function build(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'number') return parsed;
  const { src, out, entries, declaration } = parsed;
  const plan = planner(src);
  if (plan.appRoot === null) {
    return usageError(`there is no package.json in ${src} or above it. The green scope is the app's package (the directory of its package.json), as for the loader: create one (npm init -y).`);
  }
  // The packages the app includes in green scope are compiled too, into <out>/node_modules, where the
  // output's imports find them before the uncompiled copies.
  const trees = [{ from: src, to: out }];
  for (const name of nearestPackage(plan.appRoot)?.include ?? []) {
    const dir = installedPackage(plan.appRoot, name);
    if (dir === undefined) process.stderr.write(`greenhack build: warning: "greenhack": { "include" } names ${name}, which is not installed in a node_modules above ${plan.appRoot}.\n`);
    else trees.push({ from: dir, to: join(out, 'node_modules', name) });
  }
  const files = trees.flatMap(({ from, to }) => [...walk(from, out)].map((file) => ({ file, target: join(to, outputName(relative(from, file))) })));
  for (const entry of entries) {
    if (!files.some(({ file }) => file === entry) || !CODE.test(entry) || DECLARATION.test(entry)) return usageError(`--entry ${relative(process.cwd(), entry)}: not a JavaScript or TypeScript file under ${src}.`);
  }
  const outputs = new Map<string, string>();
  const claimedBy = new Map<string, string>();
  for (const { file, target } of files) {
    const other = claimedBy.get(target);
    if (other !== undefined) return usageError(`${relative(src, other)} and ${relative(src, file)} would both be written to ${target}: rename one.`);
    claimedBy.set(target, file);
    if (CODE.test(file) && !DECLARATION.test(file)) outputs.set(file, target);
  }

  const api = await transformApi();
  const { isolatedDeclarationSync } = await import('oxc-transform');
  const counts = { green: 0, strip: 0, copied: 0, declarations: 0 };
  const failures: string[] = [];
  for (const { file, target } of files) {
    mkdirSync(dirname(target), { recursive: true });
    const job = outputs.has(file) ? plan.jobFor(file) : null;
    if (job === null) {
      copyFileSync(file, target);
      counts.copied++;
      continue;
    }
    const source = readFileSync(file, 'utf8');
    try {
      const compiled = precompile(api, job, source, { entry: entries.has(file) });
      const { edits, errors } = specifierEdits(compiled.code, outputName(file), job.format, file, outputs);
      failures.push(...errors);
      writeModule(file, target, applyEdits(compiled.code, compiled.map, edits));
      for (const d of compiled.diagnostics) process.stderr.write(`greenhack build: warning: ${d.filename}:${d.line}:${d.column}: ${d.message}\n`);
      counts[job.mode]++;
      if (declaration && /\.[cm]?tsx?$/.test(file)) {
        const dts = isolatedDeclarationSync(file, source, { stripInternal: false });
        for (const error of dts.errors) failures.push(`${file}: declaration: ${error.message}${error.codeframe ? `\n${error.codeframe}` : ''}`);
        // (An import from outside the source directory was reported for the module itself.)
        const { edits: dtsEdits } = specifierEdits(dts.code, declarationName(file), 'module', file, outputs);
        writeFileSync(declarationName(target.slice(0, -extname(target).length) + extname(file)), applyEdits(dts.code, EMPTY_MAP, dtsEdits).code);
        counts.declarations++;
      }
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      failures.push(error.message);
    }
  }
  const formatNote = matchModuleFormat(src, out);
  for (const failure of failures) process.stderr.write(`greenhack build: ${failure}\n`);
  const declared = declaration ? `, ${counts.declarations} declaration files` : '';
  process.stdout.write(`greenhack build: ${counts.green} green, ${counts.strip} type-stripped${declared}, ${counts.copied} copied → ${relative(process.cwd(), out) || '.'}\n${formatNote}`);
  if (failures.length > 0) {
    process.stderr.write(`greenhack build: ${failures.length} error(s).\n`);
    return 1;
  }
  return 0;
}

const EMPTY_MAP = { version: 3, sources: [], names: [], mappings: '' };

/** Writes the module with its source map beside it; the map's `sources` are relative, as tools expect. */
function writeModule(file: string, target: string, compiled: Pick<Precompiled, 'code' | 'map'>): void {
  const mapName = `${target.slice(target.lastIndexOf(sep) + 1)}.map`;
  const map = { ...compiled.map, file: mapName.slice(0, -4), sources: [relative(dirname(target), file)] };
  const code = compiled.code.endsWith('\n') ? compiled.code : `${compiled.code}\n`;
  writeFileSync(target, `${code}//# sourceMappingURL=${mapName}\n`);
  writeFileSync(`${target}.map`, JSON.stringify(map));
  // An executable script (a hashbang CLI) stays executable.
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o111) chmodSync(target, mode);
}

/**
 * `.js` files are ES modules or CommonJS by the nearest package.json. When the output directory's differs
 * from the sources' (an ESM app built to a directory outside it), a package.json with the sources' `type`
 * is written at the output's root; returns a line saying so.
 */
function matchModuleFormat(src: string, out: string): string {
  const wanted = typeOf(src);
  if (typeOf(out) === wanted) return '';
  const packageJson = join(out, 'package.json');
  if (statSync(packageJson, { throwIfNoEntry: false })) {
    process.stderr.write(`greenhack build: warning: ${packageJson} makes .js files ${typeOf(out)} but the sources are ${wanted}: set its "type" to "${wanted}".\n`);
    return '';
  }
  writeFileSync(packageJson, `${JSON.stringify({ type: wanted })}\n`);
  return `greenhack build: wrote ${packageJson} ({"type":"${wanted}"}) so that node loads the .js files as it loaded the sources.\n`;
}

/** The `type` that Node gives a `.js` file in `dir`, read now (the output has just been written). */
function typeOf(dir: string): 'module' | 'commonjs' {
  for (let at = dir; ; at = dirname(at)) {
    const text = readText(join(at, 'package.json'));
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(at) === at) return 'commonjs';
  }
}

/** `<dir>/node_modules/<name>` in the app root or the closest directory above it that has one. */
function installedPackage(appRoot: string, name: string): string | undefined {
  for (let at = appRoot; ; at = dirname(at)) {
    const dir = join(at, 'node_modules', name);
    if (statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile()) return dir;
    if (dirname(at) === at) return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, sorted, except node_modules, dot-directories and the output directory. */
function* walk(dir: string, out: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || path === out) continue;
      yield* walk(path, out);
    } else if (entry.isFile()) yield path;
  }
}

function parseArgs(args: string[]): BuildOptions | number {
  let src: string | undefined;
  let out: string | undefined;
  const entries: string[] = [];
  let declaration = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => (args[i + 1] === undefined || args[i + 1]!.startsWith('-') ? undefined : args[++i]);
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(BUILD_USAGE);
      return 0;
    } else if (arg === '-o' || arg === '--out') {
      if ((out = value()) === undefined) return usageError(`${arg} needs a directory.`);
    } else if (arg.startsWith('--out=')) out = arg.slice(6);
    else if (arg === '--entry') {
      const entry = value();
      if (entry === undefined) return usageError('--entry needs a file.');
      entries.push(entry);
    } else if (arg.startsWith('--entry=')) entries.push(arg.slice(8));
    else if (arg === '-d' || arg === '--declaration') declaration = true;
    else if (arg.startsWith('-')) return usageError(`unknown option ${arg}.`);
    else if (src === undefined) src = arg;
    else return usageError(`one source directory, got ${src} and ${arg}.`);
  }
  if (src === undefined) return usageError('missing the source directory.');
  if (out === undefined || out === '') return usageError('missing --out <dir>, the directory to write to.');
  const srcDir = resolve(src);
  if (!statSync(srcDir, { throwIfNoEntry: false })?.isDirectory()) return usageError(`${src} is not a directory.`);
  const realSrc = realpathSync(srcDir);
  const outDir = resolve(out);
  if (outDir === realSrc || outDir === srcDir) return usageError('--out must differ from the source directory: the build would overwrite the sources.');
  if (realSrc.startsWith(outDir + sep)) return usageError(`--out ${out} contains the source directory: write the output elsewhere.`);
  const entryPaths = new Set<string>();
  for (const entry of entries) {
    const path = resolve(entry);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return usageError(`--entry ${entry}: no such file.`);
    entryPaths.add(join(realSrc, relative(realSrc, realpathSync(path))));
  }
  return { src: realSrc, out: outDir, entries: entryPaths, declaration };
}

function usageError(message: string): number {
  process.stderr.write(`greenhack build: ${message}\nRun 'greenhack build --help' for usage.\n`);
  return 2;
}
