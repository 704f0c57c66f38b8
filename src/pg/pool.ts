/**
 * The pool over a backend, the connections it lends (`connect()`) and its LISTEN subscriptions. Queries,
 * transactions and streams come from `Scope` (scope.ts); in sync mode they forward to the pool's twin on
 * the bridge worker (remote.ts).
 */
import { GreenhackError } from '../errors.ts';
import { asAsync, currentSignal, hidden } from '../index.ts';
import { checkFunction } from '../batteries/green.ts';
import { installed } from '../runtime/install.ts';
import type { Backend, Connection, PoolStats } from './backends.ts';
import { RemotePool, type RemoteSettings } from './remote.ts';
import { beginOn, caller, method, Scope } from './scope.ts';
import { TransactionImpl } from './transaction.ts';
import { checkChannel, type HiddenVoid, type ListenFunction, type ListenOptions, type Pool, type PoolConnection, type Subscription } from './types.ts';

export type PoolSettings = RemoteSettings;

function reportListenerError(channel: string): (error: unknown) => void {
  return (error) => {
    process.stderr.write(`greenhack/pg: the listener on channel "${channel}" failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  };
}

class PoolImpl extends Scope implements Pool {
  readonly close: HiddenVoid;
  readonly connect: { (): PoolConnection; async(): Promise<PoolConnection> };
  readonly listen: ListenFunction;
  private closedHere = false;
  /** Where the pool lives, fixed at its first use: here, or on the bridge worker (sync mode). */
  private placement: 'here' | RemotePool | undefined;

  constructor(
    private readonly backend: Backend,
    readonly url: string,
    private readonly settings: PoolSettings,
  ) {
    super();
    this.close = method(this, 'close', (): Promise<void> => {
      this.closedHere = true;
      return this.backend.close();
    }, (pool) => pool.close) as unknown as HiddenVoid;
    this.connect = method(this, 'connect', async (): Promise<PoolConnection> => {
      const connection = await this.backend.acquire(currentSignal(), caller());
      return new ConnectionImpl(connection);
    }, (pool) => pool.connect) as unknown as Pool['connect'];
    this.listen = method(this, 'listen', async (channel: string, onMessage: (payload: string) => void, options: ListenOptions = {}): Promise<Subscription> => {
      checkChannel('listen()', channel);
      checkFunction('listen()', 'onMessage', onMessage);
      const onError = options.onError ?? reportListenerError(channel);
      const run = asAsync(onMessage);
      const subscription = new SubscriptionImpl(channel);
      subscription.stop = await this.backend.listen(
        channel,
        {
          message: (payload) => void run(payload).catch(onError),
          lost: (error) => {
            subscription.closed = true;
            onError(error);
          },
        },
        caller(),
      );
      return subscription;
    }, (pool) => pool.listen) as unknown as ListenFunction;
  }

  override remote(blocking: boolean): RemotePool | undefined {
    if (this.placement === undefined) {
      if (installed.api.config.mode !== 'sync') {
        if (blocking) return undefined;
        this.placement = 'here';
      } else {
        this.placement = new RemotePool(this.backend.kind, this.settings);
      }
    }
    if (this.placement !== 'here') return this.placement;
    if (blocking && installed.api.config.mode === 'sync') {
      throw new GreenhackError(`this pool (${this.url}) was first used in async mode, so its connections live on this thread, where sync mode cannot wait for them. Create the pool after configure({ mode: 'sync' }), or keep using it from async code.`);
    }
    return undefined;
  }

  get kind(): 'pg' | 'pglite' {
    return this.backend.kind;
  }

  get closed(): boolean {
    const placement = this.placement;
    return placement === undefined || placement === 'here' ? this.closedHere : placement.closed;
  }

  stats(): PoolStats {
    const placement = this.placement;
    return placement === undefined || placement === 'here' ? this.backend.stats() : placement.stats();
  }

  async withConnection<T>(signal: AbortSignal | undefined, owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await this.backend.acquire(signal, owner);
    try {
      return await work(connection);
    } finally {
      connection.release();
    }
  }

  async begin(signal: AbortSignal | undefined, owner: object | undefined): Promise<TransactionImpl> {
    const connection = await this.backend.acquire(signal, owner);
    await beginOn(connection, signal);
    return new TransactionImpl(connection, 0, undefined);
  }

  async streamConnection(signal: AbortSignal | undefined, owner: object | undefined): Promise<{ connection: Connection; own: boolean; tx: undefined }> {
    const connection = await this.backend.acquire(signal, owner);
    await beginOn(connection, signal);
    return { connection, own: true, tx: undefined };
  }
}

class SubscriptionImpl implements Subscription {
  closed = false;
  stop: ((owner: object | undefined) => Promise<void>) | undefined;
  readonly close: HiddenVoid;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;

  constructor(readonly channel: string) {
    this.close = hidden(
      async (): Promise<void> => {
        await this.stop?.(caller());
        this.closed = true;
      },
      { name: 'close' },
    );
    this[Symbol.dispose] = this.close;
    this[Symbol.asyncDispose] = () => this.close.async();
  }
}

/**
 * A connection lent by `pool.connect()`. Its transactions and streams see it through `shared`, whose
 * release() only records that their work ended: the connection goes back only with `release()`.
 */
class ConnectionImpl extends Scope implements PoolConnection {
  readonly release: HiddenVoid;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;
  released = false;
  /** Transactions and streams begun on it and not ended: released then, it is closed, not reused. */
  private openWork = 0;
  private broken = false;
  private readonly shared: Connection;

  constructor(private readonly connection: Connection) {
    super();
    this.shared = {
      query: (sql, params, signal) => connection.query(sql, params, signal),
      exec: (sql, signal) => connection.exec(sql, signal),
      release: (broken = false) => {
        this.openWork = Math.max(0, this.openWork - 1);
        if (broken) this.broken = true;
      },
    };
    const release = (): void => {
      if (this.released) return;
      this.released = true;
      this.connection.release(this.broken || this.openWork > 0);
    };
    this.release = hidden(async () => release(), { name: 'release', sync: release });
    this[Symbol.dispose] = this.release;
    this[Symbol.asyncDispose] = () => this.release.async();
  }

  private check(): void {
    if (this.released) throw new GreenhackError('this connection was released (release() or [Symbol.dispose]()): get another one with pool.connect().');
  }

  async withConnection<T>(_signal: AbortSignal | undefined, _owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T> {
    this.check();
    return work(this.shared);
  }

  async begin(signal: AbortSignal | undefined): Promise<TransactionImpl> {
    this.check();
    this.openWork++;
    await beginOn(this.shared, signal);
    return new TransactionImpl(this.shared, 0, undefined);
  }

  async streamConnection(signal: AbortSignal | undefined): Promise<{ connection: Connection; own: boolean; tx: undefined }> {
    this.check();
    this.openWork++;
    await beginOn(this.shared, signal);
    return { connection: this.shared, own: true, tx: undefined };
  }
}

/** Makes the pool object over a backend. */
export function makePool(backend: Backend, url: string, settings: PoolSettings): Pool {
  return new PoolImpl(backend, url, settings);
}
