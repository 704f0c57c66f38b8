// Makes a counting copy of (type-stripped) JavaScript: every function, method, arrow and explicit
// constructor body starts with `globalThis.__benchCalls++`. Used once to learn how many user-function calls one
// iteration of a workload makes, so timings can be given per call. The timed code is never this copy.
import { parseSync } from 'oxc-parser';

const COUNT = 'globalThis.__benchCalls++';

export function countingCopy(code, filename = 'workload.js') {
  const { program, errors } = parseSync(filename, code, { sourceType: 'module' });
  if (errors.length) throw new Error(`count-calls: ${errors[0].message}`);
  const inserts = []; // [offset, text]
  (function visit(node) {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') {
      const body = node.body;
      if (body && body.type === 'BlockStatement') inserts.push([body.start + 1, `${COUNT};`]);
      else if (body) {
        inserts.push([body.start, `(${COUNT}, `]);
        inserts.push([body.end, ')']);
      }
    }
    for (const key of Object.keys(node)) if (key !== 'type' && key !== 'start' && key !== 'end') visit(node[key]);
  })(program);
  inserts.sort((a, b) => b[0] - a[0]);
  let out = code;
  for (const [at, text] of inserts) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** Calls that `fn()` makes into counted code. */
export function countCalls(fn) {
  globalThis.__benchCalls = 0;
  fn();
  const calls = globalThis.__benchCalls;
  globalThis.__benchCalls = 0;
  return calls;
}
