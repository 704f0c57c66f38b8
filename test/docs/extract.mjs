// Finds the code samples of a Markdown file and what the docs say about each (docs/README.md, "Samples").
//
//   ```ts                                   run with `greenhack run` (its top level is a green task)
//   <!-- sample: no-run (why) -->           before a block: not run (a TS/JS block must still parse)
//   <!-- sample: file orders.ts -->         written under that name, for later samples to import or run
//   <!-- sample: server -->                 stopped once its expected output has been printed
//   <!-- sample: exit 1, env A=b, timeout 90 -->   expected exit status, environment, time limit (s)
//   ```text output / ```text stderr          what the sample just before prints (… matches any text)
//   <!-- samples: no-run (why) -->          on a line of its own: every block of the file without a
//                                           directive of its own is not run (generated pages, repro lists)
//
// Shell blocks (sh, bash, shell) run when every command is `node …`, `greenhack …` or `npx greenhack …`;
// any other shell block must be marked no-run.

export const CODE_LANGS = new Set(['ts', 'typescript', 'js', 'javascript']);
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

/** Fenced blocks of a Markdown text: `{ line, info, lang, flags, code, directive }` (line is 1-based). */
export function fencedBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const comment = k >= 0 ? /^\s*<!--\s*sample:\s*(.*?)\s*-->\s*$/.exec(lines[k]) : null;
    const [lang = '', ...flags] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ line: i + 1, info: info.trim(), lang: lang.toLowerCase(), flags, code: body.join('\n'), directive: comment ? parseDirective(comment[1], k + 1) : null });
    i = j;
  }
  return blocks;
}

/** `no-run (why), exit 1, env A=b C=d` → `{ noRun: 'why', exit: 1, env: { A: 'b', C: 'd' } }`. */
export function parseDirective(text, line) {
  const directive = {};
  for (const part of splitTopLevel(text)) {
    const match = /^([a-z-]+)\s*(.*)$/.exec(part.trim());
    if (!match) throw new Error(`line ${line}: cannot read sample directive part "${part}"`);
    const [, kind, rest] = match;
    if (kind === 'no-run') {
      const reason = /^\((.+)\)$/.exec(rest.trim())?.[1]?.trim();
      if (!reason) throw new Error(`line ${line}: "no-run" needs a reason in parentheses: <!-- sample: no-run (why) -->`);
      directive.noRun = reason;
    } else if (kind === 'file') {
      if (!/^[\w./-]+$/.test(rest) || rest.includes('..')) throw new Error(`line ${line}: "file" needs a relative file name, got "${rest}"`);
      directive.file = rest;
    } else if (kind === 'server') directive.server = true;
    else if (kind === 'exit' && /^\d+$/.test(rest)) directive.exit = Number(rest);
    else if (kind === 'timeout' && /^\d+$/.test(rest)) directive.timeout = Number(rest);
    else if (kind === 'env' && /^(\w+=\S*\s*)+$/.test(rest)) directive.env = Object.fromEntries(rest.trim().split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
    else throw new Error(`line ${line}: unknown sample directive "${part.trim()}" (known: no-run (why), file NAME, server, exit N, env A=b, timeout SECONDS)`);
  }
  return directive;
}

function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** Shell commands the harness may run: `node …`, `greenhack …`, `npx greenhack …`, after `A=b` assignments. */
export function isRunnableShell(code) {
  const commands = code.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  return commands.length > 0 && commands.every((command) => /^(\w+=\S*\s+)*(node|greenhack|npx greenhack)(\s|$)/.test(command));
}

/**
 * The samples of a Markdown file, each `{ line, kind, lang, code, directive, expected }`. `kind` is
 * `run` (a TS/JS program), `shell`, `file` or `no-run`. Throws on an output block with nothing to check.
 */
export function extractSamples(markdown) {
  const samples = [];
  const wholeFile = /^\s*<!--\s*samples:\s*(.*?)\s*-->\s*$/m.exec(markdown);
  const fileDirective = wholeFile ? parseDirective(wholeFile[1], markdown.slice(0, wholeFile.index).split('\n').length) : {};
  if (wholeFile && (fileDirective.noRun === undefined || Object.keys(fileDirective).length > 1)) throw new Error('a file-wide <!-- samples: … --> directive can only be no-run (why)');
  let last = null;
  for (const block of fencedBlocks(markdown)) {
    if (block.lang === 'text' && (block.flags.includes('output') || block.flags.includes('stderr'))) {
      const stream = block.flags.includes('stderr') ? 'stderr' : 'stdout';
      if (!last || last.kind === 'no-run' || last.kind === 'file') throw new Error(`line ${block.line}: a \`text ${block.flags.join(' ')}\` block must follow a sample that is run`);
      if (last.expected[stream] !== undefined) throw new Error(`line ${block.line}: a second expected ${stream} for the sample at line ${last.line}`);
      last.expected[stream] = block.code;
      continue;
    }
    const code = CODE_LANGS.has(block.lang);
    const shell = SHELL_LANGS.has(block.lang);
    if (!code && !shell) continue;
    const directive = block.directive ?? fileDirective;
    let kind;
    if (directive.noRun !== undefined) kind = 'no-run';
    else if (directive.file !== undefined) kind = 'file';
    else if (shell) kind = isRunnableShell(block.code) ? 'shell' : 'unmarked-shell';
    else kind = 'run';
    last = { line: block.line, kind, lang: block.lang, code: block.code, directive, pageWide: !block.directive && wholeFile !== null, expected: {} };
    samples.push(last);
  }
  for (const sample of samples) {
    if (sample.directive.server && sample.expected.stdout === undefined) throw new Error(`line ${sample.line}: a server sample needs a \`text output\` block after it: it is stopped once that has been printed`);
  }
  return samples;
}

/** Whether `actual` output matches `expected`: lines equal, `…` in a line matches any text, a line `…` any lines. */
export function matchOutput(expected, actual) {
  const normalise = (text) => text.replace(/\r\n/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').replace(/\n+$/, '');
  const pattern = normalise(expected)
    .split('\n')
    .map((line) => (line.trim() === '…' ? '(?:[^\\n]*\\n)*?' : line.split('…').map(escapeRegExp).join('[^\\n]*?') + '\\n'))
    .join('');
  return new RegExp(`^${pattern}$`).test(normalise(actual) + '\n');
}

/** Whether the expected lines have all been printed (for a server sample still running). */
export function outputComplete(expected, actual) {
  return matchOutput(`${expected}\n…`, actual);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
