/** What the emitter knows at a point in the source: are we writing a twin, and what `this` means there. */
import type { Fragment } from '../output.ts';

/** Names the emitted code uses, all starting with a prefix that the source never contains. */
export interface EmittedNames {
  runtime: string;
  twinKey: string;
  ownerKey: string;
  /** The mark of built-in twins that matter only through function arguments (see CALLBACKS_ONLY_SYMBOL_KEY). */
  callbacksOnlyKey: string;
  /** The mask of checked bindings that passed (plan-checked-bindings.ts). */
  checkedMask: string;
  /** `Reflect.apply`, as it was when the module loaded. */
  apply: string;
  /** Function.prototype.call bound to itself, from the runtime: `call(f, o, a)` is `f.call(o, a)` with the original `call`. */
  call: string;
  /**
   * The runtime's `as` under a plain name, for twins attached around an assignment (`W((o.m = function
   * () {}), twin)`): V8 would add a member callee's path (`__gh.at.o.m`) to the function's inferred name.
   */
  attach: string;
  classKeys: string;
  lexicalThis: string;
  lexicalArguments: string;
  /** Module prologue's initialiser (ES modules: callable before the body runs). */
  init: string;
  /** An accessor standing in for an entry's top-level const where it is assigned. */
  constAlias(index: number): string;
  temp(index: number): string;
  /** A twin lifted to the top level (plan-lifted-twins.ts), and the function that makes them. */
  lifted(index: number): string;
  liftInit: string;
  /** A parameter of the arrow that calls a lifted twin. */
  liftedParam(index: number): string;
}

export function emittedNames(source: string): EmittedNames {
  let prefix = '__gh';
  for (let i = 1; source.includes(prefix); i++) prefix = `__gh${i}_`;
  return {
    runtime: prefix,
    twinKey: `${prefix}T`,
    ownerKey: `${prefix}O`,
    callbacksOnlyKey: `${prefix}C`,
    checkedMask: `${prefix}B`,
    apply: `${prefix}A`,
    call: `${prefix}M`,
    attach: `${prefix}W`,
    classKeys: `${prefix}K`,
    lexicalThis: `${prefix}this`,
    lexicalArguments: `${prefix}args`,
    init: `${prefix}I`,
    constAlias: (index) => `${prefix}c${index}`,
    temp: (index) => `${prefix}${index}`,
    lifted: (index) => `${prefix}L${index}`,
    liftInit: `${prefix}LI`,
    liftedParam: (index) => `${prefix}p${index}`,
  };
}

/** Whether the checked bindings of `mask` all passed (plan-checked-bindings.ts): the start of a guard. */
export function maskCondition(names: EmittedNames, mask: number): string {
  return `(${names.checkedMask} & ${mask}) === ${mask}`;
}

/**
 * Temporaries of one twin, declared with `var` at its top. They are used like a stack: a call site's
 * temporaries are dead once its value is produced, so the next call site reuses them (fewer registers
 * in every generator frame: cheaper suspensions and smaller suspended tasks).
 */
export class Temps {
  private live = 0;
  private peak = 0;
  constructor(private readonly names: EmittedNames) {}
  next(): string {
    const name = this.names.temp(this.live++);
    if (this.live > this.peak) this.peak = this.live;
    return name;
  }
  /** How many are live now, to `release` back to after a call site is written. */
  mark(): number {
    return this.live;
  }
  release(mark: number): void {
    this.live = mark;
  }
  /** The name of the temporary `offset` places above `mark`, counted as used. */
  at(mark: number, offset: number): string {
    if (mark + offset + 1 > this.peak) this.peak = mark + offset + 1;
    return this.names.temp(mark + offset);
  }
  /** Makes exactly the `count` temporaries from `mark` up live: nested call sites allocate above them. */
  hold(mark: number, count: number): void {
    this.live = mark + count;
    if (this.live > this.peak) this.peak = this.live;
  }
  declaration(): string {
    if (this.peak === 0) return '';
    const list: string[] = [];
    for (let i = 0; i < this.peak; i++) list.push(this.names.temp(i));
    return `var ${list.join(', ')};`;
  }
}

export interface Ctx {
  /** Set while emitting a twin body: call sites dispatch to twins, and may use these temporaries. */
  temps: Temps | null;
  /** Replacement for lexical `this` / `arguments` (inside an arrow's twin and the arrows nested in it). */
  thisName: string | null;
  argumentsName: string | null;
}

export const PLAIN: Ctx = { temps: null, thisName: null, argumentsName: null };

export type { Fragment };
