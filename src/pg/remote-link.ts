/**
 * How the calling thread talks to sync-mode greenhack/pg on the bridge worker: the requests, and the
 * `Link` of one pool that sends them and blocks until the answer.
 */
import type { MessagePort } from 'node:worker_threads';
import { hidden } from '../index.ts';
import { callThroughBridge } from '../runtime/bridge/index.ts';

/** What the worker needs to open the pool, and how long one call may block. */
export interface RemoteSettings {
  url: string;
  max?: number;
  applicationName?: string;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  /** Longest one call may block the calling thread, in ms; then the bridge worker is stopped. */
  syncTimeoutMs: number;
}

/** The requests the worker serves (remote-worker.ts). Ids are made here, so no call waits for one. */
export type PgOp =
  | { op: 'open'; pool: number; settings: RemoteSettings }
  | { op: 'query'; scope: number; sql: string; params: readonly unknown[] | undefined }
  | { op: 'exec'; scope: number; sql: string }
  | { op: 'begin'; scope: number; id: number }
  | { op: 'end'; scope: number; commit: boolean }
  | { op: 'connect'; pool: number; id: number }
  | { op: 'release'; scope: number }
  | { op: 'next'; stream: number; open: { scope: number; sql: string; params: readonly unknown[] | undefined; batchSize: number } }
  | { op: 'closeStream'; stream: number }
  | { op: 'stats'; pool: number }
  | { op: 'close'; pool: number }
  | { op: 'listen'; pool: number; id: number; channel: string; port: MessagePort }
  | { op: 'unlisten'; id: number };

/** What a LISTEN on the worker posts to the calling thread. */
export type ListenEvent = { payload: string } | { lost: string };

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './remote-worker.ts' : './remote-worker.js', import.meta.url).href;
let ids = 0;

/** A new id for something the worker will hold (ids are made here, so no call waits for one). */
export function nextId(): number {
  return ++ids;
}

export class Link {
  private opened = false;
  readonly pool: number = nextId();
  constructor(private readonly settings: RemoteSettings) {}

  call<T>(name: string, op: PgOp, transfer?: Transferable[]): T {
    if (!this.opened) {
      this.send(name, { op: 'open', pool: this.pool, settings: this.settings });
      this.opened = true;
    }
    return this.send(name, op, transfer) as T;
  }

  private send(name: string, op: PgOp, transfer?: Transferable[]): unknown {
    return callThroughBridge(name, WORKER_URL, 'pgWorkerCall', [op], this.settings.syncTimeoutMs, transfer, 'createPool({ syncTimeoutMs })');
  }
}

export type Blocking<A extends unknown[], R> = ((...args: A) => R) & { async(...args: A): Promise<R> };

/** A hidden function that blocks wherever it is called; `.async()` gives its result as a promise. */
export function blocking<A extends unknown[], R>(name: string, run: (...args: A) => R): Blocking<A, R> {
  return hidden(async (...args: A) => run(...args), { name, sync: run as never }) as unknown as Blocking<A, R>;
}

/**
 * Rows as the pool gave them on the worker: the structured clone that brought them made every Buffer
 * (bytea, and bytea arrays) a plain Uint8Array, so each is wrapped again, without a copy.
 */
export function restoreBuffers<R>(rows: R[]): R[] {
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    for (const key of Object.keys(row)) (row as Record<string, unknown>)[key] = asBuffer((row as Record<string, unknown>)[key]);
  }
  return rows;
}

function asBuffer(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] = asBuffer(value[i]);
  return value;
}

export const FINISHED: { readonly done: true; readonly value: undefined } = { done: true, value: undefined } as const;

