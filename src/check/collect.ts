/**
 * One walk over a module: its scopes and bindings, its functions (each a frame of some kind), the call
 * sites in each function's own body, its classes, imports and exports. Names are resolved later, lazily,
 * so the order of declarations does not matter here.
 */
import type { Binding, ClassInfo, Fn, FnKind, Mod, Scope } from './model.ts';
import { type Node, codeChildren, hintFor, isFunctionNode, keyName, memberName, patternIdentifiers, unwrap } from './syntax.ts';

let nextFnId = 1;

interface Pending {
  writes: { id: Node; scope: Scope }[];
  paramCalls: { id: Node; scope: Scope; fn: Fn }[];
  returns: Map<Fn, Node[]>;
}

export function collectModule(file: string, source: string, program: Node): Mod {
  const mod = { file, source, program, fns: [], classes: new Map(), exports: new Map(), starExports: [], imports: [], methodNames: new Set(), scopes: new Map(), typeDecls: new Map(), typeBindings: new Map(), callbackCalls: new Map() } as unknown as Mod;
  const top = newFn(mod, 'module-top-level', program, 'module top level');
  mod.top = top;
  mod.scope = newScope(undefined, top, program, mod);
  top.scope = mod.scope;
  const pending: Pending = { writes: [], paramCalls: [], returns: new Map() };
  for (const statement of program.body as Node[]) walk(statement, mod.scope, top, mod, pending);

  for (const { id, scope } of pending.writes) {
    const binding = lookup(scope, id.name);
    if (binding) binding.writes++;
  }
  for (const { id, scope, fn } of pending.paramCalls) {
    const binding = lookup(scope, id.name);
    if (binding?.param?.fn === fn && binding.writes === 0) fn.callsParams.add(binding.param.index);
  }
  for (const [fn, list] of pending.returns) if (list.length === 1 && fn.returns === undefined) fn.returns = list[0];
  return mod;
}

export function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (let s = scope; s; s = s.parent) {
    const found = s.bindings.get(name);
    if (found) return found;
  }
  return undefined;
}

function newFn(mod: Mod, kind: FnKind, node: Node, name: string): Fn {
  const fn: Fn = { id: nextFnId++, kind, node, module: mod, name, sites: [], callsParams: new Set() };
  mod.fns.push(fn);
  return fn;
}

function newScope(parent: Scope | undefined, fn: Fn, node: Node, mod: Mod): Scope {
  const scope: Scope = { parent, bindings: new Map(), fn };
  mod.scopes.set(node, scope);
  return scope;
}

function declare(scope: Scope, name: string, binding: Omit<Binding, 'name' | 'scope' | 'writes'>): Binding {
  const full: Binding = { name, scope, writes: 0, ...binding };
  // A second declaration of the same name (var redeclared, overloads) leaves no single known value.
  if (scope.bindings.has(name)) scope.bindings.get(name)!.writes++;
  else scope.bindings.set(name, full);
  return scope.bindings.get(name)!;
}

function importedName(node: Node | undefined): string {
  return node?.type === 'Literal' ? String(node.value) : (node?.name ?? 'default');
}

function walkFunction(node: Node, scope: Scope, mod: Mod, pending: Pending, kind: FnKind, name: string, thisClass?: Fn['thisClass']): Fn {
  const fnKind: FnKind = node.async ? 'async-function' : node.generator ? 'generator' : kind;
  const fn = newFn(mod, fnKind, node, name);
  if (thisClass) fn.thisClass = thisClass;
  let outer = scope;
  if (node.type === 'FunctionExpression' && node.id) {
    outer = newScope(scope, scope.fn, node.id, mod);
    declare(outer, node.id.name, { kind: 'function', node });
  }
  const body = newScope(outer, fn, node, mod);
  fn.scope = body;
  let defaults: Fn | undefined;
  (node.params as Node[]).forEach((param, index) => {
    const annotated = param.type === 'ObjectPattern' ? param.typeAnnotation?.typeAnnotation : undefined;
    for (const id of patternIdentifiers(param)) {
      const property = annotated && (param.properties as Node[]).find((p) => p.type === 'Property' && (p.value === id || (p.value.type === 'AssignmentPattern' && p.value.left === id)));
      const key = property && keyName(property.key, property.computed);
      declare(body, id.name, { kind: 'param', node: id, param: { fn, index }, ...(key !== undefined && annotated ? { fromType: { type: annotated, key } } : {}) });
    }
    if (param.type === 'TSParameterProperty' && thisClass && !thisClass.isStatic) {
      const id = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
      thisClass.cls.fields.set(id.name, { type: id.typeAnnotation?.typeAnnotation, scope: body });
    }
    if (codeChildren(param).length > 0 && param.type !== 'Identifier') {
      defaults ??= newFn(mod, 'parameter-default', param, `${name || 'anonymous function'} parameter default`);
      defaults.scope = body;
      walk(param, body, defaults, mod, pending);
    }
  });
  if (node.body.type === 'BlockStatement') for (const statement of node.body.body as Node[]) walk(statement, body, fn, mod, pending);
  else {
    fn.returns = node.body;
    walk(node.body, body, fn, mod, pending);
  }
  return fn;
}

function walkClass(node: Node, scope: Scope, fn: Fn, mod: Mod, pending: Pending, hint: string): ClassInfo {
  const name = node.id?.name ?? hint ?? 'anonymous class';
  let inner = scope;
  if (node.id) {
    if (node.type === 'ClassDeclaration') declare(scope, node.id.name, { kind: 'class', node });
    inner = newScope(scope, fn, node.body, mod);
    declare(inner, node.id.name, { kind: 'class', node });
  }
  const cls: ClassInfo = { node, name, module: mod, scope: inner, methods: new Map(), staticMethods: new Map(), fields: new Map(), staticFields: new Map(), assigned: new Map() };
  mod.classes.set(node, cls);
  if (node.superClass) walk(node.superClass, scope, fn, mod, pending);
  for (const member of node.body.body as Node[]) {
    const isStatic = !!member.static;
    const key = member.key ? keyName(member.key, member.computed) : undefined;
    if (member.computed && member.key) walk(member.key, inner, fn, mod, pending);
    const thisClass = { cls, isStatic };
    if (member.type === 'MethodDefinition' || member.type === 'TSAbstractMethodDefinition') {
      if (!member.value?.body) continue;
      const kind: FnKind = member.kind === 'constructor' ? 'constructor' : member.kind === 'get' ? 'getter' : member.kind === 'set' ? 'setter' : 'method';
      const label = kind === 'constructor' ? `${name} constructor` : kind === 'getter' || kind === 'setter' ? `${name}.${key ?? '[computed]'} ${kind}` : `${name}.${key ?? '[computed]'}`;
      const method = walkFunction(member.value, inner, mod, pending, kind, label, thisClass);
      method.at = member.start;
      if (key !== undefined && (kind === 'method' || method.kind === 'async-function' || method.kind === 'generator')) {
        (isStatic ? cls.staticMethods : cls.methods).set(key, method);
        mod.methodNames.add(key);
      }
    } else if (member.type === 'PropertyDefinition' || member.type === 'AccessorProperty') {
      if (key !== undefined) (isStatic ? cls.staticFields : cls.fields).set(key, { value: member.value ?? undefined, type: member.typeAnnotation?.typeAnnotation, scope: inner });
      if (!member.value) continue;
      const init = newFn(mod, isStatic ? 'static-initialiser' : 'field-initialiser', member, `${name}.${key ?? '[computed]'} ${isStatic ? 'static ' : ''}field initialiser`);
      init.thisClass = thisClass;
      // A scope of its own, so that `this` in the initialiser (and its arrows) is the instance.
      init.scope = newScope(inner, init, member, mod);
      walk(member.value, init.scope, init, mod, pending, key);
    } else if (member.type === 'StaticBlock') {
      const block = newFn(mod, 'static-initialiser', member, `${name} static block`);
      block.thisClass = thisClass;
      block.scope = newScope(inner, block, member, mod);
      for (const statement of member.body as Node[]) walk(statement, block.scope, block, mod, pending);
    }
  }
  return cls;
}

function walk(node: Node, scope: Scope, fn: Fn, mod: Mod, pending: Pending, hint?: string, object?: Node): void {
  switch (node.type) {
    case 'ObjectExpression':
      for (const property of node.properties as Node[]) walk(property, scope, fn, mod, pending, hint, node);
      return;
    case 'FunctionDeclaration':
      if (node.id) declare(scope, node.id.name, { kind: 'function', node });
      if (node.body) walkFunction(node, scope, mod, pending, 'function', node.id?.name ?? hint ?? 'default');
      return;
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      walkFunction(node, scope, mod, pending, 'function', node.id?.name ?? hint ?? 'anonymous function');
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      walkClass(node, scope, fn, mod, pending, hint ?? 'anonymous class');
      return;
    case 'Property':
      if (node.kind === 'get' || node.kind === 'set' || node.method) {
        const key = keyName(node.key, node.computed) ?? '[computed]';
        if (node.computed) walk(node.key, scope, fn, mod, pending);
        const kind: FnKind = node.kind === 'get' ? 'getter' : node.kind === 'set' ? 'setter' : 'method';
        const method = walkFunction(node.value, scope, mod, pending, kind, `${hint ? `${hint}.` : ''}${key}${kind === 'method' ? '' : ` ${kind}`}`);
        method.at = node.start;
        if (object) method.thisObject = { node: object, scope };
        if (kind === 'method') mod.methodNames.add(key);
        return;
      }
      if (isFunctionNode(unwrap(node.value))) mod.methodNames.add(keyName(node.key, node.computed) ?? '');
      break;
    case 'VariableDeclaration':
      for (const declarator of node.declarations as Node[]) {
        const kind = node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : 'const';
        for (const id of patternIdentifiers(declarator.id)) declare(scope, id.name, { kind, node: declarator, ...(declarator.id === id && declarator.init ? { init: declarator.init } : {}) });
      }
      break;
    case 'TSInterfaceDeclaration':
    case 'TSTypeAliasDeclaration':
      mod.typeDecls.set(node.id.name, node);
      return;
    case 'TSEnumDeclaration':
      declare(scope, node.id.name, { kind: 'enum', node });
      return;
    case 'ImportDeclaration': {
      const specifier = String(node.source.value);
      if (node.importKind !== 'type') mod.imports.push(specifier);
      for (const s of node.specifiers as Node[]) {
        const name = s.type === 'ImportNamespaceSpecifier' ? '*' : s.type === 'ImportDefaultSpecifier' ? 'default' : importedName(s.imported);
        const binding = { kind: 'import', node: s, from: { specifier, name } } as const;
        if (node.importKind === 'type' || s.importKind === 'type') mod.typeBindings.set(s.local.name, { name: s.local.name, scope, writes: 0, ...binding });
        else declare(scope, s.local.name, binding);
      }
      return;
    }
    case 'ExportNamedDeclaration':
      if (node.declaration?.type === 'TSInterfaceDeclaration' || node.declaration?.type === 'TSTypeAliasDeclaration') mod.typeDecls.set(node.declaration.id.name, node.declaration);
      if (node.exportKind === 'type') return;
      if (node.source) mod.imports.push(String(node.source.value));
      if (node.declaration) {
        const d = node.declaration;
        if (d.type === 'VariableDeclaration') for (const declarator of d.declarations as Node[]) for (const id of patternIdentifiers(declarator.id)) mod.exports.set(id.name, { local: id.name });
        else if (d.id) mod.exports.set(d.id.name, { local: d.id.name });
      }
      for (const s of node.specifiers as Node[]) {
        if (s.exportKind === 'type') continue;
        const exported = importedName(s.exported);
        if (node.source) mod.exports.set(exported, { from: { specifier: String(node.source.value), name: importedName(s.local) } });
        else mod.exports.set(exported, { local: importedName(s.local) });
      }
      break;
    case 'ExportDefaultDeclaration': {
      const d = node.declaration;
      if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) mod.exports.set('default', { local: d.id.name });
      else mod.exports.set('default', { node: d });
      break;
    }
    case 'ExportAllDeclaration':
      if (node.exportKind === 'type') return;
      mod.imports.push(String(node.source.value));
      if (node.exported) mod.exports.set(importedName(node.exported), { from: { specifier: String(node.source.value), name: '*' } });
      else mod.starExports.push(String(node.source.value));
      return;
    case 'CallExpression':
    case 'NewExpression':
    case 'TaggedTemplateExpression': {
      const site = { node, scope, fn };
      fn.sites.push(site);
      for (const arg of (node.arguments ?? []) as Node[]) if (isFunctionNode(unwrap(arg))) mod.callbackCalls.set(unwrap(arg), site);
      const callee = unwrap(node.type === 'TaggedTemplateExpression' ? node.tag : node.callee);
      if (callee.type === 'Identifier') pending.paramCalls.push({ id: callee, scope, fn });
      else if (callee.type === 'MemberExpression' && ['call', 'apply'].includes(memberName(callee) ?? '') && unwrap(callee.object).type === 'Identifier') {
        pending.paramCalls.push({ id: unwrap(callee.object), scope, fn });
      }
      break;
    }
    case 'AssignmentExpression': {
      const left = node.left;
      if (left.type === 'Identifier') pending.writes.push({ id: left, scope });
      else if (left.type === 'ObjectPattern' || left.type === 'ArrayPattern') for (const id of patternIdentifiers(left)) pending.writes.push({ id, scope });
      else if (left.type === 'MemberExpression' && left.object.type === 'ThisExpression' && fn.kind === 'constructor' && fn.thisClass) {
        const key = memberName(left);
        const { assigned } = fn.thisClass.cls;
        if (key !== undefined) assigned.set(key, assigned.has(key) || node.operator !== '=' ? null : { value: node.right, scope });
      }
      break;
    }
    case 'UpdateExpression':
      if (node.argument.type === 'Identifier') pending.writes.push({ id: node.argument, scope });
      break;
    case 'ReturnStatement':
      if (node.argument) {
        const list = pending.returns.get(fn) ?? [];
        list.push(node.argument);
        pending.returns.set(fn, list);
      }
      break;
    case 'BlockStatement':
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'SwitchStatement':
    case 'CatchClause': {
      // A green for…of calls the iterator's next() from a call site of its own, so it is a site too.
      if (node.type === 'ForOfStatement' && !node.await) fn.sites.push({ node, scope, fn });
      const inner = newScope(scope, fn, node, mod);
      if (node.type === 'CatchClause' && node.param) for (const id of patternIdentifiers(node.param)) declare(inner, id.name, { kind: 'catch', node: id });
      if ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') && node.left.type !== 'VariableDeclaration') {
        for (const id of patternIdentifiers(node.left)) pending.writes.push({ id, scope });
      }
      for (const child of codeChildren(node)) walk(child, inner, fn, mod, pending, undefined);
      return;
    }
  }
  for (const child of codeChildren(node)) {
    // `[...it]`, `f(...it)`: the language drives the iterator (object spread is walked by its literal).
    if (child.type === 'SpreadElement') fn.sites.push({ node: child, scope, fn });
    walk(child, scope, fn, mod, pending, hintFor(node, child));
  }
}
