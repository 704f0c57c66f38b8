/** The checker's report as text for people (one finding per block) and as JSON for tools. */
import type { FrameKind } from './frames.ts';
import type { CheckReport } from './index.ts';

const WHY: Record<FrameKind, string> = {
  getter: 'a getter cannot suspend: turn it into a method, or read the value before the getter runs',
  setter: 'a setter cannot suspend: turn it into a method',
  constructor: 'a constructor cannot suspend: make the hidden call in a static factory method, or after `new`',
  'field-initialiser': 'a class field initialiser runs in the constructor and cannot suspend: assign the field in a method, or pass the value in',
  'static-initialiser': 'a static field or static block runs when the class is defined, which cannot suspend: do the work in a function called from a task',
  'parameter-default': 'a parameter default cannot suspend: make the call in the function body',
  'async-function': 'an async function body is not green: use `await fn.async(...)` there, or make it an ordinary function',
  generator: 'a generator body is not green: make the call in an ordinary function',
  'module-top-level': 'the top level of a module that is not the entry runs when it is imported, outside any green task: move the call into a function',
  'native-callback': 'this built-in has no green version, so its callback cannot suspend: use a loop, or a method greenhack supports (map, forEach, filter, reduce, find, some, every, flatMap, Array.from, Map/Set forEach, call, apply)',
  'untransformed-callback': 'that code is outside the green scope, so what it calls cannot suspend: wrap the callback with asAsync() (or a server adapter\'s green()), or add the package to "greenhack": { "include": [...] } in package.json',
  spread: 'spread drives the iterator from the language, so its hidden next() cannot suspend: use a for…of loop',
  'tagged-template': 'a tag function is called by the language, not by a green call site: call a function instead',
};

export function describeFrame(kind: FrameKind): string {
  return `${WHY[kind]}. Or give the hidden function a { sync } implementation, or make it worker-capable with hidden.fromModule().`;
}

/** `file:line:col  kind  frame → step → hidden() [hidden]` blocks, and a summary line. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const error of report.errors) lines.push(`${error.file}:${error.line}:${error.column}: error: cannot check this file: ${error.message}`);
  for (const finding of report.findings) {
    lines.push(`${finding.file}:${finding.line}:${finding.column}: ${finding.kind}: hidden call reachable from a frame that cannot suspend`);
    lines.push(`  ${finding.chain.map((step) => step.label).join(' → ')}`);
    for (const step of finding.chain.slice(2)) lines.push(`    ${step.label} at ${step.file}:${step.line}:${step.column}`);
    lines.push(`  ${finding.message}`);
  }
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  const count = report.findings.length;
  lines.push(count === 0 ? `greenhack check: no hidden calls from frames that cannot suspend (${files} checked).` : `greenhack check: ${count} finding${count === 1 ? '' : 's'} in ${files} checked.`);
  if (report.errors.length > 0) lines.push(`greenhack check: ${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be checked.`);
  return `${lines.join('\n')}\n`;
}

/** The report as JSON: `{ version, findings: [{ file, line, column, kind, frame, chain, message }], files, errors }`. */
export function formatJson(report: CheckReport): string {
  return `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`;
}
