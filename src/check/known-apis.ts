/**
 * What the checker knows without reading code: greenhack's own exports (which are hidden, which start
 * tasks, which return objects with hidden methods), the built-ins whose callbacks cannot suspend, and the
 * built-ins with green versions. Kept in step with src/runtime/green-builtins.ts and the batteries.
 */
import { type Node, keyName, unwrap } from './syntax.ts';

/**
 * A known API value. `hidden`: calling it may suspend, and where it cannot it throws GreenContextError
 * (`fallback` none), runs a sync implementation (`sync`) or blocks on the worker bridge (`bridge`).
 */
export type Api =
  | { kind: 'hidden'; name: string; fallback: 'none' | 'sync' | 'bridge'; returns?: string; callbackTypes?: Record<number, string[]> }
  | { kind: 'factory'; name: string; returns: string; callbackTypes?: Record<number, string[]> }
  | { kind: 'hidden-factory' }
  | { kind: 'from-module' }
  | { kind: 'class'; name: string; instance: string }
  | { kind: 'type'; name: string }
  | { kind: 'untransformed'; name: string };

const hidden = (name: string, returns?: string, callbackTypes?: Record<number, string[]>): Api => ({ kind: 'hidden', name, fallback: 'none', ...(returns ? { returns } : {}), ...(callbackTypes ? { callbackTypes } : {}) });
const withSync = (name: string): Api => ({ kind: 'hidden', name, fallback: 'sync' });
const factory = (name: string, returns: string, callbackTypes?: Record<number, string[]>): Api => ({ kind: 'factory', name, returns, ...(callbackTypes ? { callbackTypes } : {}) });

/** Members of the objects greenhack hands out, by type name. */
export const TYPES: Record<string, Record<string, Api>> = {
  Pool: {
    query: hidden('query'), exec: hidden('exec'), transaction: hidden('transaction', undefined, { 0: ['Transaction'] }),
    stream: factory('stream', 'RowStream'), close: hidden('close'),
  },
  Transaction: { query: hidden('query'), exec: hidden('exec'), transaction: hidden('transaction', undefined, { 0: ['Transaction'] }), stream: factory('stream', 'RowStream') },
  HiddenIterator: { next: hidden('hiddenIterator.next'), return: hidden('hiddenIterator.return') },
  RowStream: { next: hidden('next'), forEach: hidden('forEach'), close: hidden('close'), return: hidden('return') },
  HttpClient: Object.fromEntries(['get', 'post', 'put', 'patch', 'delete', 'head', 'request'].map((m) => [m, hidden(m)])),
  WebSocketConnection: Object.fromEntries(['send', 'sendJson', 'receive', 'receiveJson', 'close'].map((m) => [m, hidden(m)])),
  WebSocketServer: { close: hidden('close') },
  Registry: { send: hidden('send'), sendJson: hidden('sendJson'), broadcastJson: hidden('broadcastJson') },
  Listening: { close: hidden('close') },
  Task: { join: hidden('Task.join()') },
  Event: { wait: hidden('Event.wait()') },
  Semaphore: { acquire: hidden('Semaphore.acquire()') },
  Lock: { acquire: hidden('Lock.acquire()') },
  Queue: { put: hidden('Queue.put()'), get: hidden('Queue.get()'), join: hidden('Queue.join()') },
  TaskPool: { spawn: hidden('Pool.spawn()', 'Task'), map: hidden('Pool.map()'), join: hidden('Pool.join()') },
};

const listening = { listen: hidden('listen', 'Listening') };
const requests = Object.fromEntries(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'request'].map((m) => [m, hidden(m)]));
const fs = Object.fromEntries(
  ['readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'exists', 'access', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'unlink', 'rename', 'copyFile', 'cp', 'realpath', 'readlink', 'symlink', 'link', 'chmod', 'utimes', 'truncate'].map((m) => [m, withSync(m)]),
);

/** greenhack's subpath exports. Anything not listed is neither hidden nor a callback taker the checker follows. */
export const MODULES: Record<string, Record<string, Api>> = {
  greenhack: {
    hidden: { kind: 'hidden-factory' },
    sleep: hidden('sleep()'), joinAll: hidden('joinAll()'), race: hidden('race()'), timeout: hidden('timeout()'),
    spawn: factory('spawn', 'Task'), hiddenIterator: factory('hiddenIterator', 'HiddenIterator'),
    Task: { kind: 'type', name: 'Task' }, Event: { kind: 'class', name: 'Event', instance: 'Event' },
    Semaphore: { kind: 'class', name: 'Semaphore', instance: 'Semaphore' }, BoundedSemaphore: { kind: 'class', name: 'BoundedSemaphore', instance: 'Semaphore' },
    Lock: { kind: 'class', name: 'Lock', instance: 'Lock' }, RLock: { kind: 'class', name: 'RLock', instance: 'Lock' },
    Queue: { kind: 'class', name: 'Queue', instance: 'Queue' }, Pool: { kind: 'class', name: 'Pool', instance: 'TaskPool' },
  },
  'greenhack/pg': { createPool: factory('createPool', 'Pool'), Pool: { kind: 'type', name: 'Pool' }, Transaction: { kind: 'type', name: 'Transaction' }, RowStream: { kind: 'type', name: 'RowStream' }, Queryable: { kind: 'type', name: 'Transaction' } },
  'greenhack/http': { ...requests, createClient: factory('createClient', 'HttpClient'), HttpClient: { kind: 'type', name: 'HttpClient' } },
  'greenhack/ws': {
    connect: hidden('connect', 'WebSocketConnection'),
    listen: hidden('listen', 'WebSocketServer', { 1: ['WebSocketConnection'] }),
    Registry: { kind: 'class', name: 'Registry', instance: 'Registry' },
    WebSocketConnection: { kind: 'type', name: 'WebSocketConnection' },
    WebSocketServer: { kind: 'type', name: 'WebSocketServer' },
  },
  'greenhack/fs': fs,
  'greenhack/servers/node-http': listening,
  'greenhack/servers/express': listening,
  'greenhack/servers/fastify': listening,
  'greenhack/servers/hono': { ...listening, createApp: { kind: 'untransformed', name: 'hono' } },
};

/** Built-ins with green versions: a callback passed to them runs in the caller's frame and can suspend. */
export const GREEN_METHODS: ReadonlySet<string> = new Set(['forEach', 'map', 'filter', 'flatMap', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'reduce', 'reduceRight']);

/**
 * Methods of built-ins whose callbacks cannot suspend, by name, with the callback's argument index. They
 * are matched on receivers the checker cannot name (`items.sort(cmp)`), unless the program defines a
 * method of that name itself.
 */
export const NATIVE_METHODS: ReadonlyMap<string, { args: number[]; label: string }> = new Map([
  ['sort', { args: [0], label: 'Array.prototype.sort' }],
  ['toSorted', { args: [0], label: 'Array.prototype.toSorted' }],
  ['replace', { args: [1], label: 'String.prototype.replace' }],
  ['replaceAll', { args: [1], label: 'String.prototype.replaceAll' }],
  ['then', { args: [0, 1], label: 'Promise.prototype.then' }],
  ['catch', { args: [0], label: 'Promise.prototype.catch' }],
  ['finally', { args: [0], label: 'Promise.prototype.finally' }],
  ['on', { args: [1], label: 'EventEmitter listener (on)' }],
  ['once', { args: [1], label: 'EventEmitter listener (once)' }],
  ['addListener', { args: [1], label: 'EventEmitter listener (addListener)' }],
  ['prependListener', { args: [1], label: 'EventEmitter listener (prependListener)' }],
  ['prependOnceListener', { args: [1], label: 'EventEmitter listener (prependOnceListener)' }],
  ['addEventListener', { args: [1], label: 'EventTarget listener (addEventListener)' }],
]);

/** Global functions (and namespace members) whose callbacks cannot suspend. */
export const NATIVE_GLOBALS: ReadonlyMap<string, { args: number[]; label: string }> = new Map([
  ['setTimeout', { args: [0], label: 'setTimeout' }],
  ['setInterval', { args: [0], label: 'setInterval' }],
  ['setImmediate', { args: [0], label: 'setImmediate' }],
  ['queueMicrotask', { args: [0], label: 'queueMicrotask' }],
  ['process.nextTick', { args: [0], label: 'process.nextTick' }],
  ['JSON.parse', { args: [1], label: 'JSON.parse reviver' }],
  ['JSON.stringify', { args: [1], label: 'JSON.stringify replacer' }],
  ['new Promise', { args: [0], label: 'new Promise executor' }],
  ['process.on', { args: [1], label: 'process.on listener' }],
  ['process.once', { args: [1], label: 'process.once listener' }],
]);

/** Methods of code outside the green scope that take a function without calling it. */
export const NEVER_CALLS: ReadonlySet<string> = new Set([
  'off', 'removeListener', 'removeEventListener', 'removeAllListeners', 'listenerCount', 'listeners',
  'inspect', 'format', 'equal', 'notEqual', 'strictEqual', 'notStrictEqual', 'deepEqual', 'deepStrictEqual', 'notDeepStrictEqual', 'ok', 'isDeepStrictEqual',
]);

/** `hidden(impl, { sync })`: the options literal has a `sync` key (a spread may bring one: assume so). */
export function hasSyncOption(options: Node | undefined): boolean {
  if (!options) return false;
  const node = unwrap(options);
  if (node.type !== 'ObjectExpression') return true;
  return (node.properties as Node[]).some((p) => p.type === 'SpreadElement' || keyName(p.key, p.computed) === 'sync');
}

/** `hidden(impl, { name: 'x' })`'s literal name. */
export function explicitName(init: Node): string | undefined {
  const call = unwrap(init);
  if (call.type !== 'CallExpression') return undefined;
  const options = call.arguments[1] && unwrap(call.arguments[1]);
  if (options?.type !== 'ObjectExpression') return undefined;
  for (const p of options.properties as Node[]) if (p.type === 'Property' && keyName(p.key, p.computed) === 'name' && p.value.type === 'Literal') return String(p.value.value);
  return undefined;
}
