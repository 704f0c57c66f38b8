/**
 * Row streams over a server-side cursor: `scope.stream(sql)` reads `batchSize` rows at a time on one
 * connection, as a sync iterator whose `next()` suspends only to fetch a batch. The interface is shared
 * with the sync-mode stream of remote.ts.
 */
import { GreenhackError } from '../errors.ts';
import { currentSignal, hidden } from '../index.ts';
import { callGreen, checkFunction, type G, greenFunction } from '../batteries/green.ts';
import type { Connection, Row } from './backends.ts';

export interface StreamOptions {
  /** Rows fetched from the server at a time (default 100). */
  batchSize?: number;
}

/** A sync iterator over the rows of a query; `Disposable`: `[Symbol.dispose]()` closes it. */
export interface RowStream<R extends Row = Row> extends IterableIterator<R> {
  /**
   * The next row. It suspends the calling green task only to fetch a batch. A `for…of` in green code calls
   * it (and `return()` when the loop stops early) so that it can suspend; spread and destructuring cannot.
   */
  readonly next: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  /** Calls `fn(row, index)` for each row (it may make hidden calls), closes the stream, returns the row count. */
  readonly forEach: { (fn: (row: R, index: number) => unknown): number; async(fn: (row: R, index: number) => unknown): Promise<number> };
  /** Ends the stream early and gives its connection back. */
  readonly close: { (): void; async(): Promise<void> };
  /** Iterator protocol: what `for…of` calls when it stops early; the same as `close()`. */
  readonly return: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  /** True once every row was read, or the stream was closed or failed. */
  readonly done: boolean;
  /** `using rows = db.stream(sql)`: the same hidden function as `close`. */
  readonly [Symbol.dispose]: { (): void; async(): Promise<void> };
  /** `await using` from async code: `close.async`. */
  readonly [Symbol.asyncDispose]: () => Promise<void>;
}

/** Where a stream gets its connection: the scope (pool, connection or transaction) that made it. */
export interface StreamSource {
  streamConnection(signal: AbortSignal | undefined, owner: object | undefined): Promise<{ connection: Connection; own: boolean; tx: { active: boolean; check(): void } | undefined }>;
}

let cursors = 0;

export class RowStreamImpl<R extends Row> implements RowStream<R> {
  readonly next: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  readonly forEach: { (fn: (row: R, index: number) => unknown): number; async(fn: (row: R, index: number) => unknown): Promise<number> };
  readonly close: { (): void; async(): Promise<void> };
  readonly return: { (): IteratorResult<R, undefined>; async(): Promise<IteratorResult<R, undefined>> };
  readonly [Symbol.dispose]!: { (): void; async(): Promise<void> };
  readonly [Symbol.asyncDispose]!: () => Promise<void>;
  done = false;
  private connection: Connection | undefined;
  private own = false;
  private tx: { active: boolean; check(): void } | undefined;
  private buffer: R[] = [];
  private position = 0;
  private exhausted = false;
  private busy = false;
  private readonly cursor = `greenhack_cursor_${++cursors}`;

  constructor(
    private readonly scope: StreamSource,
    private readonly sql: string,
    private readonly params: readonly unknown[] | undefined,
    private readonly batchSize: number,
    private readonly caller: () => object | undefined,
  ) {
    const stream = this;
    const FINISHED: IteratorResult<R, undefined> = { done: true, value: undefined };
    this.next = hidden(
      (): IteratorResult<R, undefined> | Promise<IteratorResult<R, undefined>> => {
        // A buffered row is returned at once: the call does not suspend.
        if (stream.position < stream.buffer.length) return { done: false, value: stream.buffer[stream.position++]! };
        if (stream.done) return FINISHED;
        if (stream.busy) throw new GreenhackError('stream.next() was called while another next() of the same stream was still waiting for rows.');
        return stream.fetchNext(currentSignal(), caller());
      },
      { name: 'next' },
    );
    this.close = hidden(
      (): Promise<void> => {
        stream.discard();
        return stream.finish(true);
      },
      { name: 'close' },
    );
    this[Symbol.dispose] = this.close;
    this[Symbol.asyncDispose] = () => this.close.async();
    // `for…of` calls return() when it stops early. In green code it suspends until the stream is closed;
    // where nothing can suspend (an error unwinding a loop) it starts closing and returns at once.
    this.return = hidden(
      (): Promise<IteratorResult<R, undefined>> => {
        stream.discard();
        return stream.finish(true).then(() => FINISHED);
      },
      {
        name: 'return',
        sync: (): IteratorResult<R, undefined> => {
          stream.discard();
          if (!stream.done) void stream.finish(true).catch(() => {});
          return FINISHED;
        },
      },
    );
    this.forEach = greenFunction(
      'forEach',
      async (fn: (row: R, index: number) => unknown): Promise<number> => {
        checkFunction('forEach()', 'the function', fn);
        let count = 0;
        try {
          for (;;) {
            const step = await stream.next.async();
            if (step.done) return count;
            await fn(step.value, count++);
          }
        } finally {
          if (!stream.done) await stream.finish(true);
        }
      },
      function* forEach(fn: (row: R, index: number) => unknown): G<number> {
        checkFunction('forEach()', 'the function', fn);
        let count = 0;
        try {
          for (;;) {
            const step = yield* callGreen<IteratorResult<R, undefined>>(stream.next, stream, []);
            if (step.done) return count;
            yield* callGreen(fn, undefined, [step.value, count++]);
          }
        } finally {
          if (!stream.done) yield* callGreen(stream.close, stream, []);
        }
      },
    );
  }

  [Symbol.iterator](): this {
    return this;
  }

  /** The rows fetched and not read yet, taken out (the sync-mode worker sends them as one batch). */
  takeBuffered(): R[] {
    const rows = this.buffer.slice(this.position);
    this.discard();
    return rows;
  }

  /** Drops the rows buffered and not read: after close(), next() reports the end. */
  private discard(): void {
    this.buffer = [];
    this.position = 0;
  }

  private async fetchNext(signal: AbortSignal | undefined, owner: object | undefined): Promise<IteratorResult<R, undefined>> {
    this.busy = true;
    try {
      await this.fetch(signal, owner);
    } finally {
      this.busy = false;
    }
    return this.position < this.buffer.length ? { done: false, value: this.buffer[this.position++]! } : { done: true, value: undefined };
  }

  /** Opens the cursor if needed and fetches the next batch; on the last batch, finishes the stream. */
  private async fetch(signal: AbortSignal | undefined, owner: object | undefined): Promise<void> {
    try {
      if (this.connection === undefined) {
        const { connection, own, tx } = await this.scope.streamConnection(signal, owner);
        this.connection = connection;
        this.own = own;
        this.tx = tx;
        await connection.query(`DECLARE ${this.cursor} NO SCROLL CURSOR FOR ${this.sql}`, this.params, signal);
      }
      this.tx?.check();
      const result = await this.connection.query(`FETCH FORWARD ${this.batchSize} FROM ${this.cursor}`, undefined, signal);
      this.buffer = result.rows as R[];
      this.position = 0;
      if (result.rows.length < this.batchSize) {
        this.exhausted = true;
        await this.finish(true);
      }
    } catch (error) {
      await this.finish(false);
      throw error;
    }
  }

  /** Closes the cursor and gives the connection back (rows already buffered can still be read). */
  private async finish(clean: boolean): Promise<void> {
    if (this.done) return;
    this.done = true;
    const connection = this.connection;
    if (connection === undefined) return;
    this.connection = undefined;
    if (!this.own) {
      // The transaction's connection: close the cursor if the transaction is still usable.
      if (clean && this.tx?.active) await connection.query(`CLOSE ${this.cursor}`, undefined, undefined);
      return;
    }
    let broken = false;
    if (clean) {
      try {
        if (!this.exhausted) await connection.query(`CLOSE ${this.cursor}`, undefined, undefined);
        await connection.query('COMMIT', undefined, undefined);
      } catch (error) {
        await connection.query('ROLLBACK', undefined, undefined).catch(() => (broken = true));
        connection.release(broken);
        throw error;
      }
    } else {
      await connection.query('ROLLBACK', undefined, undefined).catch(() => (broken = true));
    }
    connection.release(broken);
  }
}

