/**
 * Which functions reach a hidden call. Unlike the transform's analysis, which must assume that any call
 * it cannot see through may suspend, the checker counts only calls it can name: a hidden function, a
 * function of the program that reaches one, a callback handed to a built-in with a green version or to a
 * function of the program that calls its parameter. What it cannot name never raises an alarm.
 */
import { GREEN_METHODS } from './known-apis.ts';
import type { Fn, Site } from './model.ts';
import { type Node, memberName, unwrap } from './syntax.ts';
import { type Evaluator, type Value } from './values.ts';

export type Target = { kind: 'hidden'; name: string; fallback: 'none' | 'sync' | 'bridge' } | { kind: 'fn'; fn: Fn };

/** A call from a site to a target: directly, or a callback the callee runs in the caller's frame. */
export interface Edge {
  site: Site;
  target: Target;
  /** The node to point at: the call, or the callback argument. */
  at: Node;
}

const ORDINARY = new Set(['function', 'method']);

export function isOrdinary(fn: Fn): boolean {
  return ORDINARY.has(fn.kind);
}

export class Reach {
  private readonly edgeCache = new Map<Site, Edge[]>();
  /** Function → the edge that makes it reach a hidden call (the first step of its shortest chain). */
  readonly witness: Map<Fn, Edge> = new Map();

  constructor(private readonly evaluator: Evaluator, fns: readonly Fn[]) {
    this.solve(fns.filter(isOrdinary));
  }

  /** The value of a site's callee. */
  callee(site: Site): Value {
    const node = site.node;
    if (node.type === 'ForOfStatement' || node.type === 'SpreadElement') return { t: 'unknown' };
    return this.evaluator.value(node.type === 'TaggedTemplateExpression' ? node.tag : node.callee, site.scope);
  }

  edges(site: Site): Edge[] {
    let edges = this.edgeCache.get(site);
    if (edges) return edges;
    edges = [];
    this.edgeCache.set(site, edges);
    const node = site.node;
    if (node.type === 'ForOfStatement') {
      const next = this.hiddenNext(node.right, site);
      if (next) edges.push({ site, target: next, at: node });
      return edges;
    }
    // `new C()` runs a constructor, a frame of its own (reported where it is defined); a tag function
    // is called by the language (reported as a tagged template).
    if (node.type !== 'CallExpression') return edges;
    const callee = this.callee(site);
    if (callee.t === 'hidden') edges.push({ site, target: { kind: 'hidden', name: callee.name, fallback: callee.fallback }, at: node });
    if (callee.t === 'fn' && isOrdinary(callee.fn)) {
      edges.push({ site, target: { kind: 'fn', fn: callee.fn }, at: node });
      const direct = unwrap(node.callee).type !== 'MemberExpression' || !['call', 'apply'].includes(memberName(unwrap(node.callee)) ?? '');
      if (direct) for (const index of callee.fn.callsParams) this.pushCallback(edges, site, index);
    }
    const calleeNode = unwrap(node.callee);
    if (calleeNode.type === 'MemberExpression') {
      const method = memberName(calleeNode);
      if (callee.t === 'global' && callee.name === 'Array.from') this.pushCallback(edges, site, 1);
      else if (callee.t === 'global' && callee.name === 'Reflect.apply') this.pushCallback(edges, site, 0);
      else if (method !== undefined && GREEN_METHODS.has(method) && callee.t === 'unknown') {
        const receiver = this.evaluator.value(calleeNode.object, site.scope);
        if (receiver.t === 'unknown' || receiver.t === 'global' || (receiver.t === 'untransformed' && receiver.derived)) {
          node.arguments.forEach((_: Node, index: number) => this.pushCallback(edges!, site, index));
        }
      }
    }
    return edges;
  }

  private pushCallback(edges: Edge[], site: Site, index: number): void {
    const target = this.callbackTarget(site, index);
    if (target) edges.push({ site, target, at: site.node.arguments[index] });
  }

  /** A callback argument the checker can follow: an ordinary function of the program, or a hidden function. */
  callbackTarget(site: Site, index: number): Target | undefined {
    const arg = site.node.arguments?.[index];
    if (!arg || arg.type === 'SpreadElement') return undefined;
    const value = this.evaluator.value(arg, site.scope);
    if (value.t === 'fn' && isOrdinary(value.fn)) return { kind: 'fn', fn: value.fn };
    if (value.t === 'hidden') return { kind: 'hidden', name: value.name, fallback: value.fallback };
    return undefined;
  }

  /** The hidden `next` of an iterator (a pg stream, `hiddenIterator()`), if `iterable` is one. */
  hiddenNext(iterable: Node, site: Site): Target | undefined {
    const value = this.evaluator.value(iterable, site.scope);
    const next = value.t === 'typed' ? this.evaluator.member(value, 'next') : undefined;
    return next?.t === 'hidden' ? { kind: 'hidden', name: next.name, fallback: next.fallback } : undefined;
  }

  /** Whether taking this edge reaches a hidden call that has no fallback. */
  reaches(edge: Edge): boolean {
    return edge.target.kind === 'hidden' ? edge.target.fallback === 'none' : this.witness.has(edge.target.fn);
  }

  /** The first edge of a site that reaches a hidden call. */
  reachingEdge(site: Site): Edge | undefined {
    return this.edges(site).find((edge) => this.reaches(edge));
  }

  /** The first edge of a function's body that reaches a hidden call. */
  suspends(fn: Fn): boolean {
    return this.witness.has(fn);
  }

  /** Rounds of relaxation: a function found in round n has a chain of n calls, so chains are shortest. */
  private solve(fns: Fn[]): void {
    let changed = true;
    while (changed) {
      changed = false;
      const found: [Fn, Edge][] = [];
      for (const fn of fns) {
        if (this.witness.has(fn)) continue;
        for (const site of fn.sites) {
          const edge = this.reachingEdge(site);
          if (edge) {
            found.push([fn, edge]);
            break;
          }
        }
      }
      for (const [fn, edge] of found) {
        this.witness.set(fn, edge);
        changed = true;
      }
    }
  }

  /** The calls from `edge` down to the hidden function: each step's label and position. */
  chain(edge: Edge): Edge[] {
    const steps: Edge[] = [edge];
    const seen = new Set<Fn>();
    let current = edge;
    while (current.target.kind === 'fn' && !seen.has(current.target.fn)) {
      seen.add(current.target.fn);
      const next = this.witness.get(current.target.fn);
      if (!next) break;
      steps.push(next);
      current = next;
    }
    return steps;
  }
}

/** How a step shows in a chain: `price()`, `map callback`, `fetchRate() [hidden]`. */
export function stepLabel(target: Target): string {
  if (target.kind === 'hidden') return `${target.name.replace(/\(\)$/, '')}() [hidden]`;
  const name = target.fn.name;
  return /callback$|^anonymous function$/.test(name) ? name : `${name}()`;
}
