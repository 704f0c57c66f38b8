/**
 * Code of other modules that a plain run can reach without a call the analysis resolves: a constructor
 * (`new Other()`, which runs plain in twins too, so it never made its caller suspend) and a tag function
 * (`` tag`…` ``). Receiver facts (plan-receivers.ts) hold only while nothing but this module's code runs,
 * so a function whose plain run reaches such code, directly or through what it calls or constructs, keeps
 * a full twin when it relies on them (plan-suspension.ts, guardFunctions), as with checked bindings.
 *
 * Built-ins stay trusted, as everywhere in the analysis: `new Map()` and `` String.raw`…` `` name globals
 * the module does not declare. A class of this module runs its own constructor, which counts when it
 * calls out (a call the analysis does not resolve to this module's code, or a checked binding).
 */
import { type Node, children, isFunction, unwrapParens } from '../ast.ts';
import type { ReceiverClass } from './plan-receivers.ts';
import type { FnPlan, Plan } from './plan-twins.ts';

/**
 * The functions whose plain run may run another module's code: a constructor or tag function, or a call
 * that leaves the module (`callsOut`: an unresolved call or a checked binding), in their own body or in
 * what they call or construct. `declared`: every name the module binds (anything else is a global);
 * `classes`: its module-level classes by name; `callers`: callee → the functions calling it.
 */
export function reachesForeignCode(program: Node, plan: Plan, declared: Map<string, number>, classes: Map<string, ReceiverClass>, callers: Map<FnPlan, FnPlan[]>, callsOut: Set<FnPlan>): Set<FnPlan> {
  const foreign = new Set<FnPlan>();
  /** Constructor → the functions that make its class: what it runs, they run. */
  const makers = new Map<FnPlan, FnPlan[]>();
  const isGlobal = (node: Node): boolean => {
    let root = unwrapParens(node);
    while (root.type === 'MemberExpression' && !root.computed) root = unwrapParens(root.object);
    return root.type === 'Identifier' && !declared.has(root.name);
  };
  const visit = (node: Node, owner: FnPlan | undefined): void => {
    if (isFunction(node)) owner = plan.functions.get(node);
    if (owner && node.type === 'TaggedTemplateExpression' && !isGlobal(node.tag)) foreign.add(owner);
    // A class defined while the function runs runs its static blocks and static initialisers then.
    if (owner && (node.type === 'ClassExpression' || node.type === 'ClassDeclaration') && staticPartsCallOut(node.body)) foreign.add(owner);
    if (owner && node.type === 'NewExpression') {
      const callee = unwrapParens(node.callee);
      const local = callee.type === 'Identifier' ? classes.get(callee.name) : undefined;
      if (local) {
        const ctor = constructorOf(local.body, plan);
        if (local.extendsSomething || fieldsCallOut(local.body)) foreign.add(owner);
        else if (ctor) makers.set(ctor, [...(makers.get(ctor) ?? []), owner]);
      } else if (!(callee.type === 'Identifier' && !declared.has(callee.name))) foreign.add(owner);
    }
    for (const child of children(node)) visit(child, owner);
  };
  visit(program, undefined);
  for (const fn of callsOut) foreign.add(fn);
  // To a fixed point: callers of such functions, and makers of such constructors.
  const queue = [...foreign];
  while (queue.length > 0) {
    const fn = queue.pop()!;
    for (const next of [...(callers.get(fn) ?? []), ...(makers.get(fn) ?? [])]) {
      if (foreign.has(next)) continue;
      foreign.add(next);
      queue.push(next);
    }
  }
  return foreign;
}

function constructorOf(body: Node, plan: Plan): FnPlan | undefined {
  const element = (body.body as Node[]).find((e) => e.type === 'MethodDefinition' && e.kind === 'constructor');
  return element && plan.functions.get(element.value);
}

/** A call, `new` or tag in `node`, outside nested functions. */
function callsIn(node: Node): boolean {
  return node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression' || (!isFunction(node) && children(node).some(callsIn));
}

/** An instance field initialiser with a call in it: it runs when the class is made. */
function fieldsCallOut(body: Node): boolean {
  return (body.body as Node[]).some((e) => e.type === 'PropertyDefinition' && !e.static && e.value && callsIn(e.value));
}

/** A static block, or a static field initialiser, with a call in it: it runs when the class is defined. */
function staticPartsCallOut(body: Node): boolean {
  return (body.body as Node[]).some((e) => (e.type === 'StaticBlock' && callsIn(e)) || (e.type === 'PropertyDefinition' && e.static && e.value && callsIn(e.value)));
}
