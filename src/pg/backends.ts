/**
 * The two database backends behind `createPool`: a `pg` pool of connections to a PostgreSQL server (here),
 * and one embedded PGlite instance (pglite-backend.ts). Both are reached only through `Backend.acquire()`,
 * which lends a `Connection` until `release()`: the pool code above them is the same.
 */
import type pg from 'pg';
import { DatabaseError, type DatabaseErrorFields, GreenhackError } from '../errors.ts';

export type Row = Record<string, unknown>;

/** A column of a result. */
export interface FieldInfo {
  name: string;
  /** The PostgreSQL type OID (23 int4, 25 text, 1184 timestamptz, …). */
  dataTypeID: number;
}

/** What a query returns, the same for both backends. */
export interface QueryResult<R extends Row = Row> {
  rows: R[];
  /** Rows returned (SELECT, FETCH, … RETURNING) or affected (INSERT, UPDATE, DELETE, MERGE). */
  rowCount: number;
  /** The command tag's verb: `SELECT`, `INSERT`, `BEGIN`, … */
  command: string;
  fields: FieldInfo[];
}

/** Connections of a pool, counted by the pool (tests use it to prove nothing leaks). */
export interface PoolStats {
  /** Connections open (PGlite: 1 once started). */
  total: number;
  /** Open connections lent to nobody. */
  idle: number;
  /** Connections lent out: to a running query, a transaction, or an open stream. */
  inUse: number;
  /** Callers waiting for a connection. */
  waiting: number;
}

/** A connection lent by a backend. Release it exactly once. */
export interface Connection {
  query(sql: string, params: readonly unknown[] | undefined, signal: AbortSignal | undefined): Promise<QueryResult>;
  /** Runs a script of several statements (simple protocol, no parameters). */
  exec(sql: string, signal: AbortSignal | undefined): Promise<void>;
  /** Gives the connection back; `broken` closes it instead (its state is unknown). */
  release(broken?: boolean): void;
}

/** Calls a LISTEN subscription makes: each payload, and the loss of its connection. */
export interface Listener {
  message(payload: string): void;
  lost(error: unknown): void;
}

/**
 * The caller of every call that comes through the blocking bridge (sync mode): one thread, so a second
 * connection it asks for while it holds them all would be waited for forever; backends refuse that at once.
 */
export const SYNC_CALLER: object = Object.freeze({ syncCaller: true });

export interface Backend {
  readonly kind: 'pg' | 'pglite';
  /**
   * LISTENs to `channel` (a checked identifier) on a connection of its own; resolves to the unsubscribe.
   * `owner`, and the unsubscribe's, as for `acquire`: PGlite needs its one connection for both.
   */
  listen(channel: string, listener: Listener, owner: object | undefined): Promise<(owner: object | undefined) => Promise<void>>;
  /** Lends a connection. `owner` (the calling green task) lets PGlite refuse a task that would wait on itself. */
  acquire(signal: AbortSignal | undefined, owner: object | undefined): Promise<Connection>;
  stats(): PoolStats;
  /** Closes every connection once it is given back; later acquires fail. */
  close(): Promise<void>;
}

const FIELDS = ['code', 'severity', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'dataType', 'constraint'] as const;

/** `error` (from pg or PGlite) as a DatabaseError that keeps its SQLSTATE and names the query. */
export function toDatabaseError(error: unknown, query: string | undefined): unknown {
  if (error instanceof DatabaseError || error instanceof GreenhackError) return error;
  if (error === null || typeof error !== 'object') return error;
  const source = error as Record<string, unknown>;
  const fields: DatabaseErrorFields = {};
  for (const key of FIELDS) if (typeof source[key] === 'string') fields[key] = source[key] as string;
  // Node system errors (ECONNREFUSED, …) also have a string `code`, which is not a SQLSTATE.
  if (fields.code !== undefined && !/^[0-9A-Z]{5}$/.test(fields.code)) delete fields.code;
  const message = error instanceof Error ? error.message : String(error);
  return new DatabaseError(message, query, fields, error);
}

export function closedError(): DatabaseError {
  return new DatabaseError('the pool is closed: create a new one with createPool()', undefined);
}

export function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

export function resultOf(result: { rows: Row[]; fields?: readonly { name: string; dataTypeID: number }[]; command?: string | null; rowCount?: number | null; affectedRows?: number }): QueryResult {
  const fields = (result.fields ?? []).map((field) => ({ name: field.name, dataTypeID: field.dataTypeID }));
  const command = result.command ?? '';
  // pg counts rows returned or affected; PGlite's affectedRows counts only INSERT/UPDATE/DELETE/MERGE rows.
  const affected = /^(INSERT|UPDATE|DELETE|MERGE)$/.test(command) && fields.length === 0 ? result.affectedRows : undefined;
  return { rows: result.rows, rowCount: result.rowCount ?? affected ?? result.rows.length, command, fields };
}

// ---------------------------------------------------------------------------------------------------------
// pg: a pool of connections to a server.

export interface PgBackendOptions {
  url: string;
  max: number;
  applicationName: string | undefined;
  connectTimeoutMs: number | undefined;
  idleTimeoutMs: number | undefined;
}

/** The URL with its password masked, for messages. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

class PgConnection implements Connection {
  private done = false;
  private broken = false;
  /** A cancel request in flight: the connection goes back to the pool only after it, so it never hits the next user's query. */
  private cancelling: Promise<void> | undefined;
  private readonly onError = (): void => {
    // The connection died while lent out (server restart, network): it must not go back to the pool.
    this.broken = true;
  };
  constructor(
    private readonly client: pg.PoolClient,
    private readonly backend: PgBackend,
  ) {
    client.on('error', this.onError);
  }

  private async run<T>(sql: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    aborted(signal);
    const onAbort = (): void => {
      this.cancelling ??= this.backend.cancel(this.client);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await work();
    } catch (error) {
      if (!isServerError(error)) this.broken = true;
      throw toDatabaseError(error, sql);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  query(sql: string, params: readonly unknown[] | undefined, signal: AbortSignal | undefined): Promise<QueryResult> {
    return this.run(sql, signal, async () => resultOf((await this.client.query({ text: sql, values: params as unknown[] | undefined })) as never));
  }

  exec(sql: string, signal: AbortSignal | undefined): Promise<void> {
    return this.run(sql, signal, async () => {
      await this.client.query(sql);
    });
  }

  release(broken = false): void {
    if (this.done) return;
    this.done = true;
    const giveBack = (): void => {
      this.client.removeListener('error', this.onError);
      this.client.release(broken || this.broken ? true : undefined);
    };
    if (this.cancelling !== undefined) void this.cancelling.then(giveBack);
    else giveBack();
  }
}

function isServerError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export class PgBackend implements Backend {
  readonly kind = 'pg' as const;
  private pool: pg.Pool | undefined;
  private loading: Promise<pg.Pool> | undefined;
  private closed = false;
  private pgModule: typeof pg | undefined;
  /** The LISTEN connections' stop functions: close() ends them too. */
  private readonly listeners = new Set<() => Promise<void>>();

  constructor(private readonly options: PgBackendOptions) {}

  private load(): Promise<pg.Pool> {
    return (this.loading ??= import('pg').then((module) => {
      const pgModule = (module.default ?? module) as typeof pg;
      this.pgModule = pgModule;
      const pool = new pgModule.Pool(this.clientConfig());
      // An idle connection that dies is removed by the pool; without a listener the error would crash the process.
      pool.on('error', () => {});
      this.pool = pool;
      return pool;
    }));
  }

  private clientConfig(): pg.PoolConfig {
    const { url, max, applicationName, connectTimeoutMs, idleTimeoutMs } = this.options;
    return {
      connectionString: url,
      max,
      ...(applicationName !== undefined ? { application_name: applicationName } : {}),
      ...(connectTimeoutMs !== undefined ? { connectionTimeoutMillis: connectTimeoutMs } : {}),
      ...(idleTimeoutMs !== undefined ? { idleTimeoutMillis: idleTimeoutMs } : {}),
    };
  }

  async acquire(signal: AbortSignal | undefined, owner: object | undefined): Promise<Connection> {
    if (this.closed) throw closedError();
    aborted(signal);
    const pool = await this.load();
    if (owner === SYNC_CALLER && pool.totalCount - pool.idleCount >= this.options.max) {
      throw new GreenhackError(
        `every connection of this pool (max ${this.options.max}) is held by this thread (transactions, connections or open streams), and in sync mode nothing else can give one back: this call would wait forever. Use the transaction's own query(), close streams first, or raise { max }.`,
      );
    }
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      if (this.closed) throw closedError();
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseError(`could not connect to ${safeUrl(this.options.url)}: ${reason}`, undefined, {}, error);
    }
    if (signal?.aborted) {
      // Cancelled while it waited for a connection: give it straight back.
      client.release();
      throw signal.reason;
    }
    return new PgConnection(client, this);
  }

  /** Asks the server to cancel what `client` runs now, over a connection of its own (never a pooled one). */
  async cancel(client: pg.PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    if (typeof pid !== 'number' || this.pgModule === undefined) return;
    const helper = new this.pgModule.Client({ ...this.clientConfig(), application_name: 'greenhack-cancel' });
    helper.on('error', () => {});
    try {
      await helper.connect();
      await helper.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The query ends on its own anyway; a failed cancel only means it runs to completion.
    } finally {
      await helper.end().catch(() => {});
    }
  }

  async listen(channel: string, listener: Listener, _owner: object | undefined): Promise<(owner: object | undefined) => Promise<void>> {
    if (this.closed) throw closedError();
    await this.load();
    const client = new this.pgModule!.Client({ ...this.clientConfig(), ...(this.options.applicationName === undefined ? {} : { application_name: `${this.options.applicationName}-listen` }) });
    let open = true;
    client.on('error', (error) => {
      if (open) listener.lost(toDatabaseError(error, `LISTEN "${channel}"`));
      open = false;
    });
    client.on('notification', (note) => {
      if (open && note.channel === channel) listener.message(note.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
    } catch (error) {
      open = false;
      await client.end().catch(() => {});
      throw toDatabaseError(error, `LISTEN "${channel}"`);
    }
    const stop = async (): Promise<void> => {
      if (!open) return;
      open = false;
      this.listeners.delete(stop);
      await client.end().catch(() => {});
    };
    this.listeners.add(stop);
    return stop;
  }

  stats(): PoolStats {
    const pool = this.pool;
    if (pool === undefined) return { total: 0, idle: 0, inUse: 0, waiting: 0 };
    return { total: pool.totalCount, idle: pool.idleCount, inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((stop) => stop()));
    if (this.loading === undefined) return;
    const pool = await this.loading;
    await pool.end();
  }
}
