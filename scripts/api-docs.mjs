// Writes docs/api/*.md, the API reference, from the TSDoc comments of the public entry points.
// Usage: npm run docs:api   (node scripts/api-docs.mjs [--check]: with --check, exits 1 when docs/api is stale)
//
// The entry points are the subpath exports of package.json, so a new one needs no change here. Each
// entry's declarations are made in memory with oxc-transform's isolatedDeclarationSync (what the build
// writes as .d.ts, @internal members stripped) and read with oxc-parser, following re-exports into the
// modules that declare them. The CLI page is the `--help` text of each package.json bin (needs a build).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';
import { isolatedDeclarationSync } from 'oxc-transform';
import { renderEntry, renderIndex, renderCli } from './api-docs-render.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const apiDir = 'docs/api';
export const REGENERATE = 'npm run docs:api';

/** Subpath exports that have types: `{ subpath: './pg', specifier: 'greenhack/pg', source: 'src/pg/index.ts', page }`. */
export function entryPoints(pkg) {
  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const types = typesOf(target);
    if (types === undefined) continue;
    const source = types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.[cm]?ts$/, '.ts');
    if (!existsSync(join(root, source))) throw new Error(`api-docs: package.json exports["${subpath}"] has types ${types}, but its source ${source} does not exist.`);
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    const page = subpath === '.' ? 'index.md' : `${subpath.slice(2).replaceAll('/', '-')}.md`;
    entries.push({ subpath, specifier, source, page });
  }
  return entries;
}

/** The `types` condition of an exports target, however deeply nested (import/require/node…). */
function typesOf(target) {
  if (typeof target === 'string') return /\.d\.[cm]?ts$/.test(target) ? target : undefined;
  if (target === null || typeof target !== 'object') return undefined;
  if (typeof target.types === 'string') return target.types;
  for (const value of Object.values(target)) {
    const found = typesOf(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

const modules = new Map();

/** A source module as its declaration file: declarations by name, imports, exports, doc comments. */
export function loadModule(file) {
  let module = modules.get(file);
  if (module) return module;
  const source = readFileSync(file, 'utf8');
  const { code, errors } = isolatedDeclarationSync(file, source, { stripInternal: true });
  if (errors.length > 0) throw new Error(`api-docs: ${relative(root, file)}: ${errors[0].message}`);
  const parsed = parseSync(`${file}.d.ts`, code);
  const docAt = new Map();
  for (const comment of parsed.comments) {
    if (comment.type !== 'Block' || !comment.value.startsWith('*')) continue;
    let next = comment.end;
    while (/\s/.test(code[next] ?? '')) next++;
    docAt.set(next, comment);
  }
  module = { file, code, docAt, decls: new Map(), imports: new Map(), exports: [], moduleDoc: undefined };
  module.moduleDoc = moduleDocOf(file, source);
  const addDecl = (name, node, statement) => {
    const list = module.decls.get(name) ?? [];
    list.push({ name, node, module, doc: docText(docAt.get(statement.start)) });
    module.decls.set(name, list);
  };
  for (const statement of parsed.program.body) {
    if (statement.type === 'ImportDeclaration') {
      for (const spec of statement.specifiers ?? []) {
        const imported = spec.type === 'ImportSpecifier' ? spec.imported.name : spec.type === 'ImportDefaultSpecifier' ? 'default' : '*';
        module.imports.set(spec.local.name, { from: statement.source.value, imported });
      }
      continue;
    }
    if (statement.type === 'ExportAllDeclaration') {
      module.exports.push({ exported: statement.exported?.name ?? '*', from: statement.source.value, imported: '*' });
      continue;
    }
    const exported = statement.type === 'ExportNamedDeclaration';
    const declaration = exported ? statement.declaration : statement;
    if (exported && !declaration) {
      for (const spec of statement.specifiers) {
        const entry = { exported: spec.exported.name ?? spec.exported.value, local: spec.local.name ?? spec.local.value };
        if (statement.source) module.exports.push({ exported: entry.exported, from: statement.source.value, imported: entry.local });
        else module.exports.push(entry);
      }
      continue;
    }
    if (!declaration) continue;
    const names = declaration.type === 'VariableDeclaration' ? declaration.declarations.map((d) => d.id.name) : declaration.id ? [declaration.id.name] : [];
    for (const name of names) {
      addDecl(name, declaration, statement);
      if (exported) module.exports.push({ exported: name, local: name });
    }
  }
  modules.set(file, module);
  return module;
}

/**
 * The module's own doc comment: a leading `/** … *\/` of the source (the declaration file may drop the
 * statement it stood before) followed by an import, or by a blank line.
 */
function moduleDocOf(file, source) {
  const parsed = parseSync(file, source);
  const comment = parsed.comments[0];
  if (!comment || comment.type !== 'Block' || !comment.value.startsWith('*')) return undefined;
  if (source.slice(0, comment.start).trim() !== '' && !source.startsWith('#!')) return undefined;
  const first = parsed.program.body[0];
  const separated = /\n\s*\n/.test(source.slice(comment.end, first?.start ?? source.length));
  const importsNext = first?.type === 'ImportDeclaration' || first?.type === 'ExportAllDeclaration' || (first?.type === 'ExportNamedDeclaration' && first.source);
  return first === undefined || separated || importsNext ? docText(comment) : undefined;
}

/** The text of a `/** … *\/` comment, without its stars. */
function docText(comment) {
  if (!comment) return '';
  const lines = comment.value.replace(/^\*/, '').split('\n').map((line, i) => line.replace(i === 0 ? /^\s+/ : /^\s*\* ?/, '').replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines.at(-1).trim() === '') lines.pop();
  return lines.join('\n').trim() === '' ? '' : lines.join('\n');
}

/** Where `specifier` (imported by `module`) is: a file under src/, or `{ external }`. */
function target(module, specifier) {
  if (!specifier.startsWith('.')) return { external: specifier };
  return { file: resolve(dirname(module.file), specifier) };
}

/** Declarations of the name `name` as seen inside `module` (local, or imported), or `{ external }`. */
export function resolveLocal(module, name) {
  if (module.decls.has(name)) return { decls: module.decls.get(name) };
  const imported = module.imports.get(name);
  if (imported) {
    const where = target(module, imported.from);
    if (where.external) return { external: where.external, name: imported.imported };
    return resolveExport(loadModule(where.file), imported.imported);
  }
  return undefined;
}

/** Declarations of the export `name` of `module`. */
export function resolveExport(module, name) {
  for (const entry of module.exports) {
    if (entry.exported !== name) continue;
    if (entry.local !== undefined) return resolveLocal(module, entry.local);
    const where = target(module, entry.from);
    if (where.external) return { external: where.external, name: entry.imported };
    return resolveExport(loadModule(where.file), entry.imported);
  }
  for (const entry of module.exports) {
    if (entry.exported !== '*' || entry.imported !== '*') continue;
    const where = target(module, entry.from);
    if (where.external) continue;
    const found = resolveExport(loadModule(where.file), name);
    if (found) return found;
  }
  return undefined;
}

/** Exported names of a module in source order (`export *` expanded). */
export function exportNames(module) {
  const names = [];
  for (const entry of module.exports) {
    if (entry.exported === '*' && entry.imported === '*') {
      const where = target(module, entry.from);
      if (!where.external) names.push(...exportNames(loadModule(where.file)));
    } else names.push(entry.exported);
  }
  return [...new Set(names)];
}

/** Every page of docs/api, by path relative to the repository: the generated text. */
export function generate() {
  modules.clear();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = entryPoints(pkg);
  const pages = new Map();
  const summaries = [];
  for (const entry of entries) {
    const module = loadModule(join(root, entry.source));
    const page = renderEntry(entry, module, { exportNames, resolveExport, resolveLocal, loadModule, regenerate: REGENERATE });
    pages.set(`${apiDir}/${entry.page}`, page.text);
    summaries.push({ ...entry, summary: page.summary, count: page.count });
  }
  const bins = Object.entries(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : pkg.bin ?? {});
  const cli = bins.map(([name, path]) => {
    const help = helpOf(path);
    // Commands with help of their own (`greenhack build --help`), read from the "Commands:" list.
    const lines = help.split('\n');
    const start = lines.indexOf('Commands:') + 1;
    const end = lines.findIndex((line, i) => i >= start && !/^\s+\S/.test(line));
    const commands = start === 0 ? [] : lines.slice(start, end === -1 ? undefined : end).flatMap((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1] ?? []);
    const own = commands.map((command) => ({ command, help: helpOf(path, [command]) })).filter((c) => c.help !== help);
    return { name, help, commands: own };
  });
  if (cli.length > 0) pages.set(`${apiDir}/cli.md`, renderCli(cli, REGENERATE));
  pages.set(`${apiDir}/README.md`, renderIndex(summaries, cli.length > 0, REGENERATE));
  return pages;
}

function helpOf(binPath, command = []) {
  const file = join(root, binPath);
  if (!existsSync(file)) throw new Error(`api-docs: ${binPath} does not exist: build first (node scripts/build.mjs), or run ${REGENERATE}.`);
  const run = spawnSync(process.execPath, [file, ...command, '--help'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`api-docs: ${binPath} ${[...command, '--help'].join(' ')} failed (status ${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** Pages that differ from the committed docs/api: `{ stale: [path…], extra: [path…] }`. */
export function compare(pages) {
  const stale = [...pages].filter(([path, text]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== text).map(([path]) => path);
  const dir = join(root, apiDir);
  const extra = existsSync(dir) ? readdirSync(dir).map((name) => `${apiDir}/${name}`).filter((path) => !pages.has(path)) : [];
  return { stale, extra };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pages = generate();
  if (process.argv.includes('--check')) {
    const { stale, extra } = compare(pages);
    if (stale.length + extra.length > 0) {
      console.error(`docs/api is stale (${[...stale, ...extra].join(', ')}): run ${REGENERATE}`);
      process.exit(1);
    }
  } else {
    const { extra } = compare(pages);
    mkdirSync(join(root, apiDir), { recursive: true });
    for (const path of extra) rmSync(join(root, path));
    for (const [path, text] of pages) writeFileSync(join(root, path), text);
    console.log(`api-docs: wrote ${pages.size} pages to ${apiDir}/${extra.length ? `, removed ${extra.join(', ')}` : ''}`);
  }
}
