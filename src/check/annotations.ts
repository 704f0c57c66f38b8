/**
 * Type annotations as the checker reads them: a parameter, field or variable annotated with one of
 * greenhack's types (`Pool`, `Transaction`, …), a class of the program, or an interface or object type
 * whose properties are annotated in turn (`{ db }: Deps` with `db: Pool`).
 */
import { lookup } from './collect.ts';
import { MODULES } from './known-apis.ts';
import type { Binding, Mod, Scope } from './model.ts';
import { type Node, keyName } from './syntax.ts';
import { type Evaluator, UNKNOWN, type Value } from './values.ts';

export function shapeMember(ev: Evaluator, decl: Node, mod: Mod, name: string): Value {
  const members: Node[] = decl.type === 'TSInterfaceDeclaration' ? decl.body.body : decl.type === 'TSTypeAliasDeclaration' ? (decl.typeAnnotation.members ?? []) : (decl.members ?? []);
  const member = members.find((m) => m.type === 'TSPropertySignature' && keyName(m.key, m.computed) === name);
  return member?.typeAnnotation ? typeValue(ev, member.typeAnnotation.typeAnnotation, mod.scope) : UNKNOWN;
}

/** A type annotation that names one of greenhack's types, a class of the program, or an interface. */
export function typeValue(ev: Evaluator, type: Node, scope: Scope, depth = 0): Value {
  if (depth > 10) return UNKNOWN;
  if (type.type === 'TSUnionType') {
    const known = (type.types as Node[]).map((t) => typeValue(ev, t, scope, depth + 1)).filter((v) => v.t !== 'unknown');
    return known.length === 1 ? known[0]! : UNKNOWN;
  }
  if (type.type === 'TSTypeLiteral') return { t: 'shape', decl: type, mod: scope.fn.module };
  if (type.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return UNKNOWN;
  const binding = lookupType(scope, type.typeName.name);
  const local = scope.fn.module.typeDecls.get(type.typeName.name);
  if (!binding) return local ? declValue(ev, local, scope.fn.module, depth) : UNKNOWN;
  if (binding.kind === 'class') {
    const cls = binding.scope.fn.module.classes.get(binding.node);
    return cls ? { t: 'instance', cls } : UNKNOWN;
  }
  if (binding.kind !== 'import' || !binding.from) return UNKNOWN;
  const target = ev.resolver.resolve(binding.from.specifier, binding.scope.fn.module);
  if (target.kind === 'greenhack') {
    const api = MODULES[target.name]?.[binding.from.name];
    if (api?.kind === 'type') return { t: 'typed', type: api.name };
    if (api?.kind === 'class') return { t: 'typed', type: api.instance };
  }
  if (target.kind === 'module') {
    const exported = ev.exportValue(target.mod, binding.from.name, 0);
    if (exported.t === 'class') return { t: 'instance', cls: exported.cls };
    const decl = target.mod.typeDecls.get(binding.from.name);
    if (decl) return declValue(ev, decl, target.mod, depth);
  }
  return UNKNOWN;
}

/** An interface, or a type alias (an object type, or another name). */
function declValue(ev: Evaluator, decl: Node, mod: Mod, depth: number): Value {
  if (decl.type === 'TSTypeAliasDeclaration' && decl.typeAnnotation.type !== 'TSTypeLiteral') return typeValue(ev, decl.typeAnnotation, mod.scope, depth + 1);
  return { t: 'shape', decl, mod };
}

/** Type names: the value binding of the same name (a class, or an import of a type). */
function lookupType(scope: Scope, name: string): Binding | undefined {
  return lookup(scope, name) ?? scope.fn.module.typeBindings.get(name);
}
