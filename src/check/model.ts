/** What the checker knows about a program: modules, their scopes, functions (frames) and call sites. */
import type { Node } from './syntax.ts';

/**
 * The kind of frame a function body runs as. `function` and `method` get green twins (they can suspend
 * when called from green code); every other kind cannot suspend, whoever calls it.
 */
export type FnKind =
  | 'function'
  | 'method'
  | 'getter'
  | 'setter'
  | 'constructor'
  | 'field-initialiser'
  | 'static-initialiser'
  | 'parameter-default'
  | 'async-function'
  | 'generator'
  | 'module-top-level';

export interface Binding {
  name: string;
  kind: 'var' | 'let' | 'const' | 'function' | 'class' | 'param' | 'import' | 'catch' | 'enum';
  /** The declaring node: declarator, function, class, import specifier, or the parameter identifier. */
  node: Node;
  /** The initialiser of a variable (`const x = init`), when the binding is a plain identifier. */
  init?: Node;
  /** The scope the declaration (and its initialiser) is in. */
  scope: Scope;
  /** Assignments after the declaration: a written binding has no single known value. */
  writes: number;
  /** A parameter's function and position. */
  param?: { fn: Fn; index: number };
  /** A parameter destructured from an annotated object (`{ db }: Deps`): the annotation and the key. */
  fromType?: { type: Node; key: string };
  /** An import: where from, and which export (`*` for a namespace). */
  from?: { specifier: string; name: string };
}

export interface Scope {
  parent: Scope | undefined;
  bindings: Map<string, Binding>;
  /** The function (or module top level) this scope belongs to. */
  fn: Fn;
}

export interface ClassInfo {
  node: Node;
  name: string;
  module: Mod;
  /** The scope the class is declared in (its `extends` clause is evaluated there). */
  scope: Scope;
  methods: Map<string, Fn>;
  staticMethods: Map<string, Fn>;
  /** Instance fields: initialiser (or typed parameter property) to evaluate, in the class's scope. */
  fields: Map<string, { value?: Node; type?: Node; scope: Scope }>;
  staticFields: Map<string, { value?: Node; type?: Node; scope: Scope }>;
  /** `this.x = value` in the constructor (only the first assignment is kept, and only if it is the only one). */
  assigned: Map<string, { value: Node; scope: Scope } | null>;
}

export interface Site {
  /** CallExpression, NewExpression, TaggedTemplateExpression, ForOfStatement or (iterable) SpreadElement. */
  node: Node;
  scope: Scope;
  fn: Fn;
}

export interface Fn {
  id: number;
  kind: FnKind;
  /** The function node, or the field, static block or program of a pseudo frame. */
  node: Node;
  module: Mod;
  /** Shown in call chains: `price`, `Order.total getter`, `sort callback`. */
  name: string;
  sites: Site[];
  /** The scope of its body. */
  scope?: Scope;
  /** The class whose `this` the body sees (methods, accessors, constructors, field initialisers). */
  thisClass?: { cls: ClassInfo; isStatic: boolean };
  /** The object literal whose `this` a method or accessor of it sees (when called on it). */
  thisObject?: { node: Node; scope: Scope };
  /** Indices of parameters the body calls directly (`fn()`), so a callback argument runs in this frame. */
  callsParams: Set<number>;
  /** Where the frame is defined (a class member's start, for accessors and methods). */
  at?: number;
  /** The single returned expression (`=> expr`, or a body whose only `return` is this), for factories. */
  returns?: Node;
}

export interface Mod {
  file: string;
  source: string;
  program: Node;
  scope: Scope;
  top: Fn;
  fns: Fn[];
  classes: Map<Node, ClassInfo>;
  /** Export name → how to find its value. */
  exports: Map<string, { local?: string; node?: Node; from?: { specifier: string; name: string } }>;
  /** `export * from` specifiers. */
  starExports: string[];
  /** Relative specifiers imported (for entries and loading). */
  imports: string[];
  /** Method names defined by classes and object literals of this module (a user `.on()` is not an emitter's). */
  methodNames: Set<string>;
  /** Scope of each scope-making node. */
  scopes: Map<Node, Scope>;
  /** Interfaces and object type aliases, by name: annotations that name them type what they hold. */
  typeDecls: Map<string, Node>;
  /** `import type { Pool }` bindings: they declare no value, but annotations name them. */
  typeBindings: Map<string, Binding>;
  /** A function passed as an argument → the call it is passed to (its parameters may be typed by the callee). */
  callbackCalls: Map<Node, Site>;
}
