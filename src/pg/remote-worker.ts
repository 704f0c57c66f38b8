/**
 * The bridge worker's side of sync-mode greenhack/pg (remote.ts): pools, lent connections, transactions,
 * streams and LISTEN subscriptions live here, by the ids the calling thread made. Each request runs
 * through the ordinary async interface; the bridge sends back the result or the error.
 */
import { GreenhackError } from '../errors.ts';
import { SYNC_CALLER } from './backends.ts';
import { installed } from '../runtime/install.ts';
import { createPool } from './index.ts';
import { markCallersAsOneThread, type Scope } from './scope.ts';
import type { TransactionImpl } from './transaction.ts';
import type { PgOp } from './remote.ts';
import type { RowStreamImpl } from './stream.ts';
import type { Pool, PoolConnection, Subscription } from './types.ts';

// Code here must suspend, never block on the bridge it serves (the worker inherits GREENHACK_MODE).
installed.api.configure({ mode: 'async' });
markCallersAsOneThread();

const pools = new Map<number, Pool>();
const scopes = new Map<number, Scope>();
const streams = new Map<number, RowStreamImpl<Record<string, unknown>>>();
const subscriptions = new Map<number, Subscription>();

function lost(what: string, id: number): GreenhackError {
  return new GreenhackError(
    `no ${what} #${id} on the bridge worker: the worker that held it was stopped (after a bridge timeout, or a crash), and its connections with it. Create a new pool with createPool().`,
  );
}

function scopeOf(id: number): Scope {
  const scope = scopes.get(id);
  if (scope === undefined) throw lost('pool, connection or transaction', id);
  return scope;
}

function poolOf(id: number): Pool {
  const pool = pools.get(id);
  if (pool === undefined) throw lost('pool', id);
  return pool;
}

/** Serves one request of the calling thread. */
export async function pgWorkerCall(request: PgOp): Promise<unknown> {
  switch (request.op) {
    case 'open': {
      const { syncTimeoutMs: _, ...options } = request.settings;
      const pool = createPool(options);
      pools.set(request.pool, pool);
      scopes.set(request.pool, pool as unknown as Scope);
      return undefined;
    }
    case 'query':
      return scopeOf(request.scope).query.async(request.sql, request.params);
    case 'exec':
      return scopeOf(request.scope).exec.async(request.sql);
    case 'begin': {
      const tx = await scopeOf(request.scope).begin(undefined, SYNC_CALLER);
      scopes.set(request.id, tx);
      return undefined;
    }
    case 'end': {
      const tx = scopeOf(request.scope) as TransactionImpl;
      scopes.delete(request.scope);
      return tx.end(request.commit);
    }
    case 'connect': {
      const connection = await poolOf(request.pool).connect.async();
      scopes.set(request.id, connection as unknown as Scope);
      return undefined;
    }
    case 'release': {
      const connection = scopeOf(request.scope) as unknown as PoolConnection;
      scopes.delete(request.scope);
      return connection.release.async();
    }
    case 'next':
      return nextBatch(request.stream, request.open);
    case 'closeStream': {
      const stream = streams.get(request.stream);
      streams.delete(request.stream);
      return stream?.close.async();
    }
    case 'stats':
      return poolOf(request.pool).stats();
    case 'close':
      return poolOf(request.pool).close.async();
    case 'listen': {
      const { port } = request;
      const subscription = await poolOf(request.pool).listen.async(request.channel, (payload) => port.postMessage({ payload }), {
        onError: (error) => port.postMessage({ lost: error instanceof Error ? error.message : String(error) }),
      });
      subscriptions.set(request.id, subscription);
      return undefined;
    }
    case 'unlisten': {
      // Forgotten only once closed: a close() refused (PGlite, in a transaction) may be tried again.
      await subscriptions.get(request.id)?.close.async();
      subscriptions.delete(request.id);
      return undefined;
    }
  }
}

/** The next rows of a stream (opening it on first use): the first row fetched plus every row buffered with it. */
async function nextBatch(id: number, open: Extract<PgOp, { op: 'next' }>['open']): Promise<{ rows: unknown[]; done: boolean }> {
  let stream = streams.get(id);
  if (stream === undefined) {
    stream = scopeOf(open.scope).localStream(open.sql, open.params, { batchSize: open.batchSize });
    streams.set(id, stream);
  }
  try {
    const first = await stream.next.async();
    if (first.done) {
      streams.delete(id);
      return { rows: [], done: true };
    }
    const rows = [first.value, ...stream.takeBuffered()];
    if (stream.done) streams.delete(id);
    return { rows, done: stream.done };
  } catch (error) {
    streams.delete(id);
    throw error;
  }
}
