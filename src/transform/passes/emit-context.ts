/** What the emitter knows at a point in the source: are we writing a twin, and what `this` means there. */
import type { Fragment } from '../output.ts';

/** Names the emitted code uses, all starting with a prefix that the source never contains. */
export interface EmittedNames {
  runtime: string;
  twinKey: string;
  ownerKey: string;
  /** A module-level temporary for attaching a twin to a function expression. */
  attachTemp: string;
  /** `Reflect.apply`, as it was when the module loaded. */
  apply: string;
  classKeys: string;
  lexicalThis: string;
  lexicalArguments: string;
  temp(index: number): string;
}

export function emittedNames(source: string): EmittedNames {
  let prefix = '__gh';
  for (let i = 1; source.includes(prefix); i++) prefix = `__gh${i}_`;
  return {
    runtime: prefix,
    twinKey: `${prefix}T`,
    ownerKey: `${prefix}O`,
    attachTemp: `${prefix}F`,
    apply: `${prefix}A`,
    classKeys: `${prefix}K`,
    lexicalThis: `${prefix}this`,
    lexicalArguments: `${prefix}args`,
    temp: (index) => `${prefix}${index}`,
  };
}

/** Temporaries of one twin, declared with `var` at its top. */
export class Temps {
  count = 0;
  constructor(private readonly names: EmittedNames) {}
  next(): string {
    return this.names.temp(this.count++);
  }
  declaration(): string {
    if (this.count === 0) return '';
    const list: string[] = [];
    for (let i = 0; i < this.count; i++) list.push(this.names.temp(i));
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
