/**
 * What an expression holds, as far as the checker can tell without running it: a function of the
 * program, a hidden function, a class or instance, an object literal, a module namespace, one of
 * greenhack's APIs, a value from code outside the green scope, a global. Anything else is `unknown`, and
 * nothing unknown ever raises an alarm.
 */
import { typeValue, shapeMember } from './annotations.ts';
import { lookup } from './collect.ts';
import { classMember, objectMember } from './members.ts';
import { type Api, explicitName, GREEN_METHODS, hasSyncOption, MODULES, NATIVE_METHODS, TYPES } from './known-apis.ts';
import type { Binding, ClassInfo, Fn, Mod, Scope } from './model.ts';
import { type Node, keyName, memberName, unwrap } from './syntax.ts';

export type Value =
  | { t: 'unknown' }
  | { t: 'hidden'; name: string; fallback: 'none' | 'sync' | 'bridge'; api?: Api }
  | { t: 'fn'; fn: Fn }
  | { t: 'class'; cls: ClassInfo }
  | { t: 'instance'; cls: ClassInfo }
  | { t: 'object'; node: Node; scope: Scope }
  | { t: 'namespace'; mod: Mod }
  | { t: 'api'; api: Api }
  | { t: 'typed'; type: string }
  | { t: 'untransformed'; from: string; derived?: boolean }
  | { t: 'global'; name: string }
  /** From a package compiled green but not read: nothing about it is known, not even that it is a built-in. */
  | { t: 'opaque' }
  /** An interface or object type: its properties' annotations say what they hold. */
  | { t: 'shape'; decl: Node; mod: Mod };

export const UNKNOWN: Value = { t: 'unknown' };

/** Where an import specifier leads. */
export type Target = { kind: 'module'; mod: Mod } | { kind: 'greenhack'; name: string } | { kind: 'untransformed'; name: string } | { kind: 'green-package'; name: string } | { kind: 'unknown' };

export interface Resolver {
  resolve(specifier: string, from: Mod): Target;
  /** The function of a function node (every function node of a loaded module has one). */
  fnOf(node: Node): Fn | undefined;
}

const GLOBAL_NAMES = new Set(['JSON', 'Promise', 'process', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'Array', 'Reflect', 'Object', 'Math']);

export class Evaluator {
  private readonly bindingValues = new Map<Binding, Value>();
  private readonly exportValues = new Map<string, Value>();
  private readonly busy = new Set<unknown>();
  constructor(readonly resolver: Resolver) {}

  /** The value of `node`, evaluated in `scope`. */
  value(node: Node, scope: Scope, depth = 0): Value {
    if (depth > 40) return UNKNOWN;
    node = unwrap(node);
    switch (node.type) {
      case 'Identifier': {
        if (node.name === 'undefined') return UNKNOWN;
        const binding = lookup(scope, node.name);
        if (binding) return this.bindingValue(binding, depth + 1);
        return GLOBAL_NAMES.has(node.name) ? { t: 'global', name: node.name } : UNKNOWN;
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const fn = this.resolver.fnOf(node);
        return fn ? { t: 'fn', fn } : UNKNOWN;
      }
      case 'ClassExpression': {
        const cls = scope.fn.module.classes.get(node);
        return cls ? { t: 'class', cls } : UNKNOWN;
      }
      case 'ObjectExpression':
        return { t: 'object', node, scope };
      case 'ThisExpression': {
        const owner = thisOwner(scope);
        if (owner?.thisObject) return { t: 'object', node: owner.thisObject.node, scope: owner.thisObject.scope };
        if (!owner?.thisClass) return UNKNOWN;
        return owner.thisClass.isStatic ? { t: 'class', cls: owner.thisClass.cls } : { t: 'instance', cls: owner.thisClass.cls };
      }
      case 'Super': {
        // `super.m()`: the parent class's method, on the same instance (or class, in static code).
        const owner = thisOwner(scope)?.thisClass;
        if (!owner?.cls.node.superClass) return UNKNOWN;
        const parent = this.value(owner.cls.node.superClass, owner.cls.scope, depth + 1);
        if (parent.t !== 'class') return parent.t === 'untransformed' ? parent : UNKNOWN;
        return owner.isStatic ? parent : { t: 'instance', cls: parent.cls };
      }
      case 'MemberExpression': {
        const name = memberName(node);
        if (name === undefined) return UNKNOWN;
        return this.member(this.value(node.object, scope, depth + 1), name, depth + 1);
      }
      case 'CallExpression':
        return this.callResult(this.value(node.callee, scope, depth + 1), node, scope, depth + 1);
      case 'NewExpression': {
        const callee = this.value(node.callee, scope, depth + 1);
        if (callee.t === 'class') return { t: 'instance', cls: callee.cls };
        if (callee.t === 'untransformed') return { ...callee, derived: false };
        if (callee.t === 'opaque') return callee;
        if (callee.t === 'api' && callee.api.kind === 'class') return { t: 'typed', type: callee.api.instance };
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** What calling `callee` returns (a factory's object, a hidden function made by `hidden()`, …). */
  callResult(callee: Value, call: Node, scope: Scope, depth: number): Value {
    if (callee.t === 'api') {
      const { api } = callee;
      if (api.kind === 'hidden-factory') return { t: 'hidden', name: 'hidden function', fallback: hasSyncOption(call.arguments[1]) ? 'sync' : 'none' };
      if (api.kind === 'from-module') return { t: 'hidden', name: 'hidden function', fallback: 'bridge' };
      if (api.kind === 'factory') return { t: 'typed', type: api.returns };
      if (api.kind === 'untransformed') return { t: 'untransformed', from: api.name };
      return UNKNOWN;
    }
    if (callee.t === 'hidden') return callee.api?.kind === 'hidden' && callee.api.returns ? { t: 'typed', type: callee.api.returns } : UNKNOWN;
    // What a call into code outside the green scope returns may be plain data (an array, a string).
    if (callee.t === 'untransformed') return { ...callee, derived: true };
    if (callee.t === 'opaque') return callee;
    if (callee.t === 'fn' && callee.fn.returns && (callee.fn.kind === 'function' || callee.fn.kind === 'method') && !this.busy.has(callee.fn)) {
      this.busy.add(callee.fn);
      try {
        return this.value(callee.fn.returns, callee.fn.scope!, depth + 1);
      } finally {
        this.busy.delete(callee.fn);
      }
    }
    return UNKNOWN;
  }

  /** `base.name`. */
  member(base: Value, name: string, depth = 0): Value {
    switch (base.t) {
      case 'hidden':
      case 'fn':
        // `f.call(…)`/`f.apply(…)` call `f`; `hidden.async(…)` and `.impl` do not suspend.
        return name === 'call' || name === 'apply' ? base : UNKNOWN;
      case 'api':
        if (base.api.kind === 'hidden-factory' && name === 'fromModule') return { t: 'api', api: { kind: 'from-module' } };
        return UNKNOWN;
      case 'typed': {
        // A namespace import of one of greenhack's modules is typed `module:<specifier>`.
        const api = base.type.startsWith('module:') ? MODULES[base.type.slice(7)]?.[name] : TYPES[base.type]?.[name];
        return api ? apiValue(api) : UNKNOWN;
      }
      case 'namespace':
        return this.exportValue(base.mod, name, depth + 1);
      case 'object':
        return objectMember(this, base.node, base.scope, name, depth + 1);
      case 'class':
      case 'instance':
        return classMember(this, base.cls, name, base.t === 'class', depth + 1);
      case 'opaque':
        return base;
      case 'shape':
        return shapeMember(this, base.decl, base.mod, name);
      case 'untransformed':
        // On a call's result, an array's or a promise's methods are the built-ins', not the package's.
        return base.derived && (GREEN_METHODS.has(name) || NATIVE_METHODS.has(name)) ? UNKNOWN : base;
      case 'global':
        return { t: 'global', name: `${base.name}.${name}` };
      default:
        return UNKNOWN;
    }
  }

  /** What an annotation says a value holds (annotations.ts). */
  typeValue(type: Node, scope: Scope, depth = 0): Value {
    return typeValue(this, type, scope, depth);
  }

  bindingValue(binding: Binding, depth = 0): Value {
    const known = this.bindingValues.get(binding);
    if (known) return known;
    if (this.busy.has(binding)) return UNKNOWN;
    this.busy.add(binding);
    let value: Value = UNKNOWN;
    try {
      value = this.computeBinding(binding, depth);
    } finally {
      this.busy.delete(binding);
    }
    this.bindingValues.set(binding, value);
    return value;
  }

  private computeBinding(binding: Binding, depth: number): Value {
    // A variable's annotation says what it holds, however often it is assigned.
    const annotation = binding.node.type === 'VariableDeclarator' && binding.node.id.type === 'Identifier' ? binding.node.id.typeAnnotation?.typeAnnotation : undefined;
    if (annotation) {
      const typed = this.typeValue(annotation, binding.scope);
      if (typed.t !== 'unknown') return typed;
    }
    if (binding.writes > 0) return UNKNOWN;
    const mod = binding.scope.fn.module;
    switch (binding.kind) {
      case 'function': {
        const fn = this.resolver.fnOf(binding.node);
        return fn ? { t: 'fn', fn } : UNKNOWN;
      }
      case 'class': {
        const cls = mod.classes.get(binding.node);
        return cls ? { t: 'class', cls } : UNKNOWN;
      }
      case 'const':
      case 'let':
      case 'var': {
        if (!binding.init) return UNKNOWN;
        const value = this.value(binding.init, binding.scope, depth);
        // A hidden function takes the name of the variable that holds it, as the runtime names it.
        if (value.t === 'hidden' && value.name === 'hidden function') return { ...value, name: explicitName(binding.init) ?? binding.name };
        return value;
      }
      case 'param':
        return this.paramValue(binding, depth);
      case 'import': {
        const from = binding.from!;
        return this.importValue(this.resolver.resolve(from.specifier, mod), from.name, depth);
      }
      default:
        return UNKNOWN;
    }
  }

  private paramValue(binding: Binding, depth: number): Value {
    const id = binding.node;
    if (binding.fromType) {
      const shape = this.typeValue(binding.fromType.type, binding.scope);
      if (shape.t === 'shape') return this.member(shape, binding.fromType.key, depth + 1);
    }
    if (id.typeAnnotation?.typeAnnotation) {
      const typed = this.typeValue(id.typeAnnotation.typeAnnotation, binding.scope);
      if (typed.t !== 'unknown') return typed;
    }
    // A callback's parameter that a greenhack API fills in (`pool.transaction((tx) => …)`).
    const { fn, index } = binding.param!;
    const node = fn.node;
    const call = fn.module.callbackCalls.get(node);
    if (!call || call.node.type === 'TaggedTemplateExpression') return UNKNOWN;
    const callee = this.value(call.node.callee, call.scope, depth + 1);
    const api = callee.t === 'hidden' ? callee.api : callee.t === 'api' ? callee.api : undefined;
    const types = api && 'callbackTypes' in api ? api.callbackTypes?.[call.node.arguments.map(unwrap).indexOf(node)] : undefined;
    return types?.[index] ? { t: 'typed', type: types[index]! } : UNKNOWN;
  }

  importValue(target: Target, name: string, depth: number): Value {
    if (target.kind === 'module') return name === '*' ? { t: 'namespace', mod: target.mod } : this.exportValue(target.mod, name, depth + 1);
    if (target.kind === 'untransformed') return { t: 'untransformed', from: target.name };
    if (target.kind === 'green-package') return { t: 'opaque' };
    if (target.kind === 'greenhack') {
      if (name === '*') return { t: 'typed', type: `module:${target.name}` };
      const api = MODULES[target.name]?.[name];
      return api ? apiValue(api) : UNKNOWN;
    }
    return UNKNOWN;
  }

  exportValue(mod: Mod, name: string, depth: number): Value {
    const key = `${mod.file}\0${name}`;
    const known = this.exportValues.get(key);
    if (known) return known;
    if (this.busy.has(key) || depth > 40) return UNKNOWN;
    this.busy.add(key);
    let value: Value = UNKNOWN;
    try {
      const entry = mod.exports.get(name);
      if (entry?.local !== undefined) {
        const binding = mod.scope.bindings.get(entry.local);
        if (binding) value = this.bindingValue(binding, depth + 1);
      } else if (entry?.node) value = this.value(entry.node, mod.scope, depth + 1);
      else if (entry?.from) value = this.importValue(this.resolver.resolve(entry.from.specifier, mod), entry.from.name, depth + 1);
      else if (name !== 'default') {
        for (const specifier of mod.starExports) {
          const target = this.resolver.resolve(specifier, mod);
          if (target.kind !== 'module') continue;
          value = this.exportValue(target.mod, name, depth + 1);
          if (value.t !== 'unknown') break;
        }
      }
    } finally {
      this.busy.delete(key);
    }
    this.exportValues.set(key, value);
    return value;
  }
}

function apiValue(api: Api): Value {
  if (api.kind === 'hidden') return { t: 'hidden', name: api.name, fallback: api.fallback, api };
  if (api.kind === 'untransformed') return { t: 'untransformed', from: api.name };
  return { t: 'api', api };
}

/** The nearest non-arrow function (or field initialiser) of a scope: whose `this` an expression sees. */
function thisOwner(scope: Scope): Fn | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const fn = s.fn;
    if (fn.node.type !== 'ArrowFunctionExpression') return fn;
  }
  return undefined;
}
