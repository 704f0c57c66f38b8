// Part of the build (scripts/build.mjs): merges the modules every greenhack process loads into one file
// per folder, because Node pays per module file (resolution, reading, linking): the 30-odd files of
// dist/runtime cost `greenhack run` 15–25 ms of startup, one file about 3 (bench/README.md, "Startup").
// Each merged module's file becomes a facade re-exporting its names from the bundle, so every import path
// still works and every importer shares the one instance of each module.
//
// A group is a folder and a root module in it: merged are the modules of that folder that the root
// imports statically, transitively. Left as they are, and imported by the bundle: modules outside the
// folder, the group's `separate` modules, and whatever is imported dynamically (loaded on demand). A
// group's `copied` modules, constants without state, are both: the bundle has a copy of its own, and the
// file stays whole for whoever imports it without the bundle.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { parseSync } from 'oxc-parser';

const BUNDLE_NAME = 'bundle.js';

const GROUPS = [
  // What importing 'greenhack' evaluates. bridge/protocol.js: the bridge worker imports it without the runtime.
  { dir: 'runtime', root: 'install.js', separate: [], copied: [join('bridge', 'protocol.js')] },
  // The loader's main-thread half; legacy-hooks.js is loaded on demand.
  { dir: 'loader', root: 'install.js', separate: ['legacy-hooks.js'], copied: [] },
];

/**
 * The leaf modules that every greenhack process and each group above import: merged into one file of
 * their own, which the groups' bundles and every other file then import directly.
 */
const BASE = { bundle: join('shared', BUNDLE_NAME), modules: ['errors.js', 'node-features.js', join('shared', 'names.js')] };

/**
 * Entries bundled with everything they import statically, even modules shared with other files: they
 * run alone on a thread of their own, where a second instance of a module is no one else's concern.
 */
const SELF_CONTAINED = [join('loader', 'hooks-thread.js')];

/** The relative specifier from `fromDir` to `file`, as an import writes it. */
function specifierFrom(fromDir, file) {
  const path = relative(fromDir, file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

function parse(file) {
  const result = parseSync(file, readFileSync(file, 'utf8'), { sourceType: 'module' });
  if (result.errors.length > 0) throw new Error(`merge-modules: cannot parse ${file}: ${result.errors[0].message}`);
  return result.module;
}

/** The files of the group's static import graph from `root`, in first-visit order. */
function staticGraph(groupDir, root, separate) {
  const files = [];
  const visit = (file) => {
    if (files.includes(file)) return;
    files.push(file);
    const { staticImports, staticExports } = parse(file);
    const reExports = staticExports.flatMap(({ entries }) => entries.filter((entry) => entry.moduleRequest !== null));
    for (const { moduleRequest } of [...staticImports, ...reExports]) {
      if (!moduleRequest.value.startsWith('.')) continue;
      const target = resolve(dirname(file), moduleRequest.value);
      const inside = target.startsWith(groupDir + sep) && !separate.includes(relative(groupDir, target));
      if (inside) visit(target);
    }
  };
  visit(root);
  return files;
}

/** The names a module exports; the runtime uses only named exports, anything else stops the build. */
function exportNames(file) {
  const names = [];
  for (const { entries } of parse(file).staticExports) {
    for (const entry of entries) {
      if (entry.exportName.kind !== 'Name' || entry.isType) throw new Error(`merge-modules: ${file}: only named exports can be re-exported from the bundle.`);
      names.push(entry.exportName.name);
    }
  }
  return names;
}

/** Merges each group of `distDir`; returns how many modules went into bundles. */
export async function mergeModules(distDir) {
  const mergedModules = new Map();
  const baseBundle = join(distDir, BASE.bundle);
  const merges = [{ bundleFile: baseBundle, files: BASE.modules.map((path) => join(distDir, path)), copies: [] }];
  for (const { dir, root, separate, copied } of GROUPS) {
    const groupDir = join(distDir, dir);
    const files = staticGraph(groupDir, join(groupDir, root), [...separate, ...copied]);
    merges.push({ bundleFile: join(groupDir, BUNDLE_NAME), files, copies: copied.map((path) => join(groupDir, path)) });
  }
  // The base first: the groups' bundles then import its facades, which the loop below points at it.
  for (const { bundleFile, files, copies } of merges) {
    for (const module of await mergeGroup(bundleFile, files, copies)) mergedModules.set(module.file, module);
  }
  const selfContained = SELF_CONTAINED.map((path) => join(distDir, path));
  for (const file of jsFiles(distDir)) {
    if (!mergedModules.has(file) && !selfContained.includes(file) && file !== baseBundle) importFromBundles(file, mergedModules);
  }
  for (const file of selfContained) await bundleAlone(file);
  return mergedModules.size;
}

/** What both kinds of bundle share: ES modules for the oldest Node we support, with linked source maps. */
const BUNDLE_OPTIONS = { bundle: true, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'error' };

/** Replaces `file` with a bundle of it and its static imports; what it imports dynamically stays a file. */
async function bundleAlone(file) {
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    ...BUNDLE_OPTIONS,
    plugins: [
      {
        name: 'keep-dynamic-imports-external',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind }) =>
            kind === 'dynamic-import' ? { path: specifierFrom(dirname(file), resolve(resolveDir, path)), external: true } : undefined,
          );
        },
      },
    ],
  });
}

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

/**
 * Points the named imports and re-exports of `file` that go to a merged module at its bundle: a facade
 * costs a module load too (about half a millisecond each on the path of `greenhack run`). Other forms
 * (namespace imports, `export *`) keep the facade.
 */
function importFromBundles(file, mergedModules) {
  const source = readFileSync(file, 'utf8');
  const { staticImports, staticExports } = parse(file);
  const edits = [];
  const mergedModule = (request) => (request.startsWith('.') ? mergedModules.get(resolve(dirname(file), request)) : undefined);
  for (const { start, end, moduleRequest, entries } of staticImports) {
    const module = mergedModule(moduleRequest.value);
    if (module === undefined || entries.length === 0 || entries.some((entry) => entry.importName.kind !== 'Name')) continue;
    const bindings = entries.map((entry) => `${module.prefix}${entry.importName.name} as ${entry.localName.value}`);
    edits.push({ start, end, text: `import { ${bindings.join(', ')} } from ${JSON.stringify(specifierFrom(dirname(file), module.bundleFile))};` });
  }
  for (const { start, end, entries } of staticExports) {
    // oxc lists `import { a } from 'm'; export { a }` here too, under the import statement's range.
    if (!source.startsWith('export', start)) continue;
    const request = entries[0]?.moduleRequest?.value;
    const module = request === undefined ? undefined : mergedModule(request);
    if (module === undefined || entries.some((entry) => entry.moduleRequest?.value !== request || entry.importName.kind !== 'Name' || entry.exportName.kind !== 'Name')) continue;
    const bindings = entries.map((entry) => `${module.prefix}${entry.importName.name} as ${entry.exportName.name}`);
    edits.push({ start, end, text: `export { ${bindings.join(', ')} } from ${JSON.stringify(specifierFrom(dirname(file), module.bundleFile))};` });
  }
  if (edits.length === 0) return;
  let result = source;
  // From the end, so that earlier offsets stay valid; the statement keeps its line (source maps still fit).
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, start) + text + result.slice(end);
  const check = parseSync(file, result, { sourceType: 'module' });
  if (check.errors.length > 0) throw new Error(`merge-modules: rewriting the imports of ${file} broke it: ${check.errors[0].message}`);
  writeFileSync(file, result);
}

async function mergeGroup(bundleFile, files, copies) {
  const bundleDir = dirname(bundleFile);
  const modules = files.map((file, index) => ({ file, names: exportNames(file), prefix: `m${index}$` }));
  // The root first: the bundle then evaluates the modules in the order the separate files did.
  const entry = modules
    .map(({ file, names, prefix }) => `export { ${names.map((name) => `${name} as ${prefix}${name}`).join(', ')} } from ${JSON.stringify(file)};`)
    .join('\n');
  const merged = new Set(files);
  await build({
    stdin: { contents: entry, resolveDir: bundleDir, sourcefile: 'bundle-entry.js' },
    outfile: bundleFile,
    ...BUNDLE_OPTIONS,
    plugins: [
      {
        name: 'keep-other-modules-external',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind }) => {
            const target = resolve(resolveDir, path);
            if (kind !== 'dynamic-import' && (merged.has(target) || copies.includes(target))) return undefined;
            return { path: specifierFrom(bundleDir, target), external: true };
          });
        },
      },
    ],
  });
  for (const { file, names, prefix } of modules) {
    const from = JSON.stringify(specifierFrom(dirname(file), bundleFile));
    const facade = names.length === 0 ? `import ${from};\n` : `export { ${names.map((name) => `${prefix}${name} as ${name}`).join(', ')} } from ${from};\n`;
    writeFileSync(file, `// Merged into ${BUNDLE_NAME} (scripts/merge-modules.mjs); this file keeps the import path.\n${facade}`);
    rmSync(`${file}.map`, { force: true });
  }
  return modules.map((module) => ({ ...module, bundleFile }));
}
