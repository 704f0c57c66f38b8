/**
 * The module `module.register` loads on Node's hooks thread (Node 20, Node 22 before 22.15): the hooks
 * of legacy-hooks.ts. In dist it is one self-contained file (scripts/merge-modules.mjs), since that
 * thread loads every file through its asynchronous module loader before the first hook can run.
 */
export { initialize, load, resolve } from './legacy-hooks.ts';
