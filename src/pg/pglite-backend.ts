/**
 * The embedded backend: one PGlite instance, a single connection lent to one user at a time (a task, or
 * the sync-mode thread); a user that would wait for itself is refused at once.
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import { DatabaseError, GreenhackError } from '../errors.ts';
import { aborted, type Backend, closedError, type Connection, type Listener, type PoolStats, resultOf, type QueryResult, type Row, SYNC_CALLER, toDatabaseError } from './backends.ts';

interface Waiter {
  owner: object | undefined;
  grant: () => void;
  fail: (error: unknown) => void;
}

class PgliteConnection implements Connection {
  private done = false;
  constructor(
    private readonly db: PGlite,
    private readonly backend: PgliteBackend,
  ) {}

  async query(sql: string, params: readonly unknown[] | undefined, signal: AbortSignal | undefined): Promise<QueryResult> {
    // PGlite runs a query synchronously inside its WebAssembly instance: once started, it cannot be interrupted.
    aborted(signal);
    try {
      return resultOf((await this.db.query(sql, params as unknown[] | undefined)) as Results<Row>);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  async exec(sql: string, signal: AbortSignal | undefined): Promise<void> {
    aborted(signal);
    try {
      await this.db.exec(sql);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  release(): void {
    if (this.done) return;
    this.done = true;
    this.backend.handOn();
  }
}

/** PGlite returns int8 as a number; pg returns it as a string (it may not fit a double). One interface: strings. */
const INT8 = 20;
const BYTEA = 17;
/** bytea as node-postgres gives it: a Buffer (PGlite's own parser makes a plain Uint8Array; arrays use this too). */
const byteaAsBuffer = (value: string): Buffer => Buffer.from(value.slice(2), 'hex');

export class PgliteBackend implements Backend {
  readonly kind = 'pglite' as const;
  private db: Promise<PGlite> | undefined;
  private started = false;
  private closed = false;
  /** The owner of the lent connection (a task, or a marker object outside tasks), undefined when free. */
  private holder: object | undefined;
  private lent = false;
  private readonly queue: Waiter[] = [];
  /** Called when the connection becomes free (close() waits for that). */
  private onFree: (() => void)[] = [];

  /** `dataDir`: undefined for an in-memory database, else a directory. */
  constructor(private readonly dataDir: string | undefined) {}

  private load(): Promise<PGlite> {
    return (this.db ??= (async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite({ ...(this.dataDir !== undefined ? { dataDir: this.dataDir } : {}), parsers: { [INT8]: (value: string) => value, [BYTEA]: byteaAsBuffer } });
      await db.waitReady;
      this.started = true;
      return db;
    })());
  }

  async acquire(signal: AbortSignal | undefined, owner: object | undefined): Promise<Connection> {
    if (this.closed) throw closedError();
    aborted(signal);
    if (this.lent && owner !== undefined && this.holder === owner) {
      const who = owner === SYNC_CALLER ? 'this thread (sync mode)' : 'this green task';
      throw new GreenhackError(
        `${who} already holds the PGlite database (in a transaction, a connection or an open stream) and would wait for itself: PGlite has a single connection. Use the transaction's query(), or close the stream first.`,
      );
    }
    if (this.lent) {
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { owner, grant: resolve, fail: reject };
        this.queue.push(waiter);
        signal?.addEventListener(
          'abort',
          () => {
            const index = this.queue.indexOf(waiter);
            if (index !== -1) {
              this.queue.splice(index, 1);
              reject(signal.reason);
            }
          },
          { once: true },
        );
      });
    } else {
      this.lent = true;
    }
    // The connection is ours now (handOn granted it, or it was free).
    this.holder = owner;
    let db: PGlite;
    try {
      db = await this.load();
    } catch (error) {
      this.handOn();
      throw new DatabaseError(`could not start PGlite${this.dataDir ? ` in ${this.dataDir}` : ''}: ${error instanceof Error ? error.message : String(error)}`, undefined, {}, error);
    }
    return new PgliteConnection(db, this);
  }

  async listen(channel: string, listener: Listener, owner: object | undefined): Promise<(owner: object | undefined) => Promise<void>> {
    // PGlite delivers notifications in-process, after the statement that sent them; LISTEN needs the
    // database, so a caller that holds it gets acquire()'s error instead of waiting for itself.
    const connection = await this.acquire(undefined, owner);
    const db = await this.load();
    let unlisten: () => Promise<void>;
    try {
      unlisten = await db.listen(`"${channel}"`, (payload) => listener.message(payload));
    } catch (error) {
      throw toDatabaseError(error, `LISTEN "${channel}"`);
    } finally {
      connection.release();
    }
    let open = true;
    return async (closer) => {
      if (!open || this.closed) return;
      const again = await this.acquire(undefined, closer);
      try {
        if (!open) return;
        open = false;
        await unlisten();
      } finally {
        again.release();
      }
    };
  }

  /** The lent connection came back: lend it to the next waiter, or mark it free. */
  handOn(): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.lent = false;
      this.holder = undefined;
      for (const resolve of this.onFree.splice(0)) resolve();
      return;
    }
    this.holder = next.owner;
    next.grant();
  }

  stats(): PoolStats {
    const total = this.started && !this.closed ? 1 : 0;
    const inUse = this.lent ? 1 : 0;
    return { total: Math.max(total, inUse), idle: total - Math.min(total, inUse), inUse, waiting: this.queue.length };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.queue.splice(0)) waiter.fail(closedError());
    if (this.db === undefined) return;
    const db = await this.db.catch(() => undefined);
    // Wait for the current user to give the connection back, then close.
    if (this.lent) await new Promise<void>((resolve) => this.onFree.push(resolve));
    if (db !== undefined && !db.closed) await db.close();
    this.started = false;
  }
}
