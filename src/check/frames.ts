/**
 * Frames that cannot suspend, and the hidden calls reachable from them: accessor and constructor bodies,
 * field initialisers, static blocks, parameter defaults, async and generator bodies, the top level of a
 * module that is not an entry, callbacks of built-ins without green versions, and callbacks handed to
 * code outside the green scope.
 */
import { NATIVE_GLOBALS, NATIVE_METHODS, NEVER_CALLS } from './known-apis.ts';
import type { Fn, FnKind, Mod, Site } from './model.ts';
import { type Edge, type Reach, isOrdinary } from './reach.ts';
import { type Node, keyName, memberName, unwrap } from './syntax.ts';
import type { Evaluator } from './values.ts';

export type FrameKind = Exclude<FnKind, 'function' | 'method'> | 'native-callback' | 'untransformed-callback' | 'tagged-template' | 'spread';

export interface RawFinding {
  kind: FrameKind;
  /** The frame, as the first element of the chain shows it: `Order.total getter`. */
  frame: string;
  module: Mod;
  /** Where to point: the first call of the chain (or the callback argument). */
  at: Node;
  /** Where the frame is: the accessor, constructor, field, callback (offset). */
  frameAt: number;
  chain: Edge[];
}

/** The frames whose own calls never suspend, whoever calls them. */
const BODY_FRAMES: ReadonlySet<FnKind> = new Set(['getter', 'setter', 'constructor', 'field-initialiser', 'static-initialiser', 'parameter-default', 'async-function', 'generator']);

export function findFrames(mods: readonly Mod[], entries: ReadonlySet<Mod>, reach: Reach, evaluator: Evaluator): RawFinding[] {
  const userMethods = new Set<string>();
  for (const mod of mods) for (const name of mod.methodNames) userMethods.add(name);
  const findings: RawFinding[] = [];
  for (const mod of mods) {
    for (const fn of mod.fns) {
      const isFrame = BODY_FRAMES.has(fn.kind) || (fn.kind === 'module-top-level' && !entries.has(mod));
      for (const site of fn.sites) {
        if (isFrame) {
          const edge = reach.reachingEdge(site);
          if (edge) findings.push({ kind: fn.kind as FrameKind, frame: frameName(fn, mod), module: mod, at: edge.at, frameAt: fn.kind === 'module-top-level' ? edge.at.start : (fn.at ?? fn.node.start), chain: reach.chain(edge) });
        }
        if (site.node.type === 'SpreadElement') {
          // Spread drives the iterator from the language, in green code too.
          const target = reach.hiddenNext(site.node.argument, site);
          const edge: Edge | undefined = target && { site, target, at: site.node };
          if (edge && reach.reaches(edge)) findings.push({ kind: 'spread', frame: 'spread', module: mod, at: site.node, frameAt: site.node.start, chain: [edge] });
        } else if (site.node.type !== 'ForOfStatement') findings.push(...callbackFindings(site, reach, evaluator, userMethods));
      }
    }
  }
  return findings;
}

function frameName(fn: Fn, mod: Mod): string {
  if (fn.kind === 'module-top-level') return `top level of ${mod.file}`;
  if (fn.kind === 'async-function' || fn.kind === 'generator') return `${fn.kind === 'generator' ? 'generator' : 'async function'} ${fn.name}`;
  return fn.name;
}

/** Callbacks a site hands to a built-in without a green version, or to code outside the green scope. */
function callbackFindings(site: Site, reach: Reach, evaluator: Evaluator, userMethods: ReadonlySet<string>): RawFinding[] {
  const node = site.node;
  const mod = site.fn.module;
  const callee = reach.callee(site);
  const found: RawFinding[] = [];
  const report = (kind: FrameKind, index: number, label: string): void => {
    const arg = node.arguments?.[index];
    const target = reach.callbackTarget(site, index);
    if (!arg || !target || !reach.reaches({ site, target, at: arg })) return;
    // An inline callback: point at its first call; one passed by name: at the argument.
    const inline = target.kind === 'fn' && unwrap(arg) === target.fn.node;
    const first: Edge = inline ? reach.witness.get(target.fn)! : { site, target, at: arg };
    found.push({ kind, frame: label, module: mod, at: first.at, frameAt: arg.start, chain: reach.chain(first) });
  };

  if (node.type === 'TaggedTemplateExpression') {
    const target = callee.t === 'hidden' ? ({ kind: 'hidden', name: callee.name, fallback: callee.fallback } as const) : callee.t === 'fn' && isOrdinary(callee.fn) ? ({ kind: 'fn', fn: callee.fn } as const) : undefined;
    const edge: Edge | undefined = target && { site, target, at: node };
    if (edge && reach.reaches(edge)) found.push({ kind: 'tagged-template', frame: 'tagged template', module: mod, at: node, frameAt: node.start, chain: reach.chain(edge) });
    return found;
  }

  if (callee.t === 'untransformed') {
    const native = /^node:/.test(callee.from);
    const calleeNode = unwrap(node.callee);
    const called = calleeNode.type === 'MemberExpression' ? memberName(calleeNode) : calleeNode.type === 'Identifier' ? calleeNode.name : undefined;
    const label = `${called ? `${node.type === 'NewExpression' ? 'new ' : ''}${called}() ` : ''}callback (${callee.from}${native ? '' : ', outside the green scope'})`;
    if (called !== undefined && NEVER_CALLS.has(called)) return found;
    (node.arguments as Node[]).forEach((arg, index) => {
      const value = unwrap(arg);
      if (value.type === 'ObjectExpression') {
        for (const property of value.properties as Node[]) {
          if (property.type !== 'Property' || property.kind !== 'init') continue;
          const fn = evaluator.value(property.value, site.scope);
          if (fn.t !== 'fn' || !isOrdinary(fn.fn) || !reach.suspends(fn.fn)) continue;
          const name = keyName(property.key, property.computed) ?? 'method';
          found.push({ kind: native ? 'native-callback' : 'untransformed-callback', frame: `${name} ${label}`, module: mod, at: reach.witness.get(fn.fn)!.at, frameAt: property.start, chain: reach.chain(reach.witness.get(fn.fn)!) });
        }
      } else report(native ? 'native-callback' : 'untransformed-callback', index, label);
    });
    return found;
  }

  const native = nativeApi(node, callee, site, evaluator, userMethods);
  if (native) for (const index of native.args) report('native-callback', index, `${native.label} callback`);
  return found;
}

/** The built-in without a green version that a site calls, if the checker can tell. */
function nativeApi(node: Node, callee: ReturnType<Reach['callee']>, site: Site, evaluator: Evaluator, userMethods: ReadonlySet<string>): { args: number[]; label: string } | undefined {
  if (node.type === 'NewExpression') return callee.t === 'global' && callee.name === 'Promise' ? NATIVE_GLOBALS.get('new Promise') : undefined;
  if (callee.t === 'global') return NATIVE_GLOBALS.get(callee.name);
  const calleeNode = unwrap(node.callee);
  if (callee.t !== 'unknown' || calleeNode.type !== 'MemberExpression') return undefined;
  const method = memberName(calleeNode);
  if (method === undefined) return undefined;
  // An array or string literal is a built-in for sure; any other receiver only if the program defines
  // no method of that name itself.
  const object = unwrap(calleeNode.object);
  const literal = object.type === 'ArrayExpression' || object.type === 'TemplateLiteral' || (object.type === 'Literal' && typeof object.value === 'string');
  if (!literal && userMethods.has(method)) return undefined;
  const receiver = evaluator.value(calleeNode.object, site.scope);
  // A receiver the checker can name (a class of the program, a greenhack object) is not a built-in.
  if (receiver.t !== 'unknown' && receiver.t !== 'global' && !(receiver.t === 'untransformed' && receiver.derived)) return undefined;
  return NATIVE_METHODS.get(method);
}
