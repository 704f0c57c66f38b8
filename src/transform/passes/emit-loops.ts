/**
 * `for (x of xs) body` inside a twin. The language would call the iterator's `next` itself, from no call
 * site, so a `next` that suspends (a hidden iterator's, a green method's) could not. In a twin the loop is
 * written out: `next` is called through the dispatch, `return` through the runtime's green close, and
 * everything else keeps the loop's meaning (a fresh binding per iteration, labels, `break`/`continue`,
 * the iterator closed on every abrupt exit and not when `next` itself fails).
 *
 *   { I = iter(A = xs), N = I === undefined ? 0 : I.next, open = false;
 *     try { L: for (;;) { open = false;
 *                          if (I === undefined) { if (N >= A.length) break; R = A[N++]; }
 *                          else { R = result(<N called on I>); if (R.done) break; R = R.value; }
 *                          open = true; { let x = R; body } } }
 *     catch (e) { if (open) { open = false; yield* closeQuietly(I, A) } throw e }
 *     finally { if (open) yield* close(I, A) } }
 *
 * An ordinary array (its own `values` and the array iterator's `next`, as built in) is read by index, as
 * the array iterator itself would: `iter` then makes no iterator and returns undefined, and `N` counts.
 * Calling the array iterator's `next` through a call site made the loop 14× the plain one; by index it
 * is 2.4× (64 rows, bench/experiments/loops-in-twin.mjs).
 */
import { type Node, boundNames, children } from '../ast.ts';
import type { Fragment } from '../output.ts';
import { calleeText, dispatch } from './emit-calls.ts';
import type { Ctx } from './emit-context.ts';
import type { Emitter } from './emit-twins.ts';

/** Writes `labels: for (left of right) body` (labels may be empty) in twin context `ctx`. */
export function emitForOf(emitter: Emitter, loop: Node, labels: Node[], ctx: Ctx, out: Fragment): void {
  const temps = ctx.temps!;
  const mark = temps.mark();
  // The iterator result's temporary also holds its value once `done` is read (fewer registers per frame).
  const [iterator, next, open, array, result] = [temps.next(), temps.next(), temps.next(), temps.next(), temps.next()];
  const value = result;
  const { runtime } = emitter.names;
  const left: Node = loop.left;
  // `for (let x of f(() => x))`: the iterated expression sees the loop's own bindings, uninitialised. A
  // `let` in a switch case that never runs is such a binding, for good.
  const tdz = left.type === 'VariableDeclaration' && (left.kind === 'let' || left.kind === 'const') ? boundNames(left.declarations[0].id) : [];
  const inTdz = tdz.length > 0 && refersTo(loop.right, new Set([...tdz, 'eval']));
  const start = `${iterator} = ${runtime}.iter(${array} = `;
  out.write(inTdz ? `{ switch (0) { case 0: ${start}` : `{ ${start}`, loop.start);
  emitter.emit(loop.right, ctx, out, loop);
  out.write(`, ${JSON.stringify(calleeText(loop.right))})`);
  const nextOrIndex = `${next} = ${iterator} === undefined ? 0 : ${iterator}.next, ${open} = false; try { `;
  out.write(inTdz ? `; break; default: let ${tdz.join(', ')}; } ${nextOrIndex}` : `, ${nextOrIndex}`);
  for (const label of labels) out.write(`${label.label.name}: `, label.start);
  out.write(`for (;;) { ${open} = false; if (${iterator} === undefined) { if (${next} >= ${array}.length) break; ${value} = ${array}[${next}++]; } else { `);
  out.write(`${result} = ${runtime}.result((${next}`, loop.right.start);
  const call: Node = { type: 'CallExpression', arguments: [], optional: false, callee: { type: 'Identifier', name: 'next', start: loop.right.start, end: loop.right.end }, start: loop.start, end: loop.end };
  const loopMark = temps.mark();
  dispatch(emitter, call, { twin: temps.next(), fn: next, receiver: iterator, result }, ctx, out);
  temps.release(loopMark);
  out.write(`)); if (${result}.done) break; ${value} = ${result}.value; } ${open} = true; `);
  if (left.type === 'VariableDeclaration' && !emitter.hoistedVars.has(left)) {
    const declarator = left.declarations[0];
    // The value is read before the pattern and the body run: call sites in them may reuse its temporary.
    // (Not for `o[f()] = R`, whose key is evaluated before R is read.)
    temps.release(mark + 4);
    out.write(`{ ${left.kind} `);
    emitter.emit(declarator.id, ctx, out, declarator);
    out.write(` = ${value}; `);
  } else {
    // (A hoisted `var`'s declaration is written as its pattern: see emitHoistedVar.)
    const target: Node = left.type === 'VariableDeclaration' ? left.declarations[0].id : left;
    out.write('{ (');
    emitter.emit(target, ctx, out, target === left ? loop : left.declarations[0]);
    out.write(` = ${value}); `);
  }
  emitter.emit(loop.body, ctx, out, loop);
  const close = `(${iterator}, ${array})`;
  out.write(` } } } catch (error) { if (${open}) { ${open} = false; yield* ${runtime}.closeQuietly${close}; } throw error; } finally { if (${open}) yield* ${runtime}.close${close}; } }`);
  temps.release(mark);
}

/** The `for…of` a (possibly nested) labelled statement labels, with its labels; else `undefined`. */
export function labelledForOf(statement: Node): { loop: Node; labels: Node[] } | undefined {
  const labels: Node[] = [];
  let node = statement;
  while (node.type === 'LabeledStatement') {
    labels.push(node);
    node = node.body;
  }
  return node.type === 'ForOfStatement' && !node.await ? { loop: node, labels } : undefined;
}

/** Whether any identifier in `node` is spelt like one of `names` (a conservative test for a reference). */
function refersTo(node: Node, names: Set<string>): boolean {
  if (node.type === 'Identifier' && names.has(node.name)) return true;
  for (const child of children(node)) if (refersTo(child, names)) return true;
  return false;
}
