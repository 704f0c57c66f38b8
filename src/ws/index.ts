/**
 * `greenhack/ws`: WebSockets for sync-style code, over `ws`.
 *
 * ```ts
 * import { listen, connect, Registry } from 'greenhack/ws'
 * const customers = new Registry<string>()
 * const server = listen({ port: 8080, host: '127.0.0.1' }, (conn, request) => {
 *   const hello = conn.receiveJson<{ customer: string }>()      // suspends this connection's task
 *   if (hello) customers.add(hello.customer, conn)
 * })
 * customers.sendJson('ada', { eta: 12 })                        // to every socket of that customer
 * ```
 *
 * Each accepted connection runs its handler as a green task. `receive()` suspends until a message arrives
 * and returns `undefined` once the connection is closed; messages that arrive before anyone asks are queued.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket as RawWebSocket, WebSocketServer as RawWebSocketServer } from 'ws';
import { GreenContextError, WebSocketError } from '../errors.ts';
import { asAsync, currentSignal, currentTask, hidden } from '../index.ts';
import { checkFunction, checkTimeout, describeValue } from '../batteries/green.ts';
import { contextError } from '../runtime/context-error.ts';
import { installed } from '../runtime/install.ts';

/** Why a ws call cannot wait in sync mode, and what to do: the event loop only runs between calls there. */
function cannotWait(name: string, what: string, instead: string): GreenContextError {
  return new GreenContextError(
    `greenhack/ws: ${name}() ${what}, and in sync mode nothing can wait for the network: WebSocket events arrive on the event loop, which does not run while sync code runs. ${instead}`,
    name,
    'sync-mode',
  );
}

/**
 * A ws hidden function with what it does in sync mode: `whenSync` (sending and closing only start, they do
 * not wait; receiving takes a queued message) or a clear error. Outside sync mode a call that cannot
 * suspend still throws the usual GreenContextError.
 */
function wsHidden<A extends unknown[], R>(name: string, impl: (...args: A) => R, whenSync: (...args: A) => Awaited<R>): GreenMethod<A, Awaited<R>> {
  const fn = hidden(impl, {
    name,
    sync: ((...args: A) => {
      if (installed.api.config.mode !== 'sync') throw contextError(name, currentTask(), fn);
      return whenSync(...args);
    }) as never,
  });
  return fn as never;
}

export { WebSocketError };

/** A text message is a string; a binary one a Buffer. */
export type Message = string | Buffer;
/** What `send` takes: text, or bytes sent as a binary message. */
export type Data = string | Uint8Array | ArrayBuffer;

/** A hidden method: in green code it returns `R`; `.async()` returns a promise of it. */
export interface GreenMethod<A extends unknown[], R> {
  (...args: A): R;
  async(...args: A): Promise<R>;
}

let nextId = 1;

/** One WebSocket, either end. */
export class WebSocketConnection {
  /** A number unique in this process, for logs. */
  readonly id: number = nextId++;
  /** The `ws` socket, for anything this layer does not cover (ping, extensions, …). */
  readonly socket: RawWebSocket;
  /** Sends a message; returns once `ws` has written it. Throws `WebSocketError` if the connection is not open. */
  readonly send: GreenMethod<[data: Data], void>;
  /** Sends `JSON.stringify(value)` as a text message. */
  readonly sendJson: GreenMethod<[value: unknown], void>;
  /** The next message, waiting for one if none is queued; `undefined` once the connection is closed. */
  readonly receive: GreenMethod<[], Message | undefined>;
  /** The next message parsed as JSON; `undefined` once the connection is closed. */
  readonly receiveJson: { <T = unknown>(): T | undefined; async<T = unknown>(): Promise<T | undefined> };
  /** Closes the connection (default code 1000) and waits for the other end to confirm (at most 5 s). */
  readonly close: GreenMethod<[code?: number, reason?: string], void>;
  /** The close code, once closed (1000 normal, 1001 going away, 1006 lost, …). */
  closeCode: number | undefined;
  closeReason: string | undefined;
  private readonly queue: Message[] = [];
  private readonly waiters = new Set<(message: Message | undefined) => void>();
  private readonly closedPromise: Promise<void>;

  constructor(socket: RawWebSocket) {
    this.socket = socket;
    let markClosed!: () => void;
    this.closedPromise = new Promise((resolve) => (markClosed = resolve));
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const message: Message = isBinary ? buffer : buffer.toString('utf8');
      const [waiter] = this.waiters;
      if (waiter !== undefined) {
        this.waiters.delete(waiter);
        waiter(message);
      } else {
        this.queue.push(message);
      }
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.closeCode = code;
      this.closeReason = reason.toString('utf8');
      for (const waiter of [...this.waiters]) waiter(undefined);
      this.waiters.clear();
      markClosed();
    });
    // Errors end in 'close'; without a listener `ws` would throw them.
    socket.on('error', () => {});

    const connection = this;
    const sendData = (data: Data): Promise<void> => {
      if (typeof data !== 'string' && !(data instanceof Uint8Array) && !(data instanceof ArrayBuffer)) {
        throw new TypeError(`send(): the data must be a string, a Uint8Array or an ArrayBuffer, got ${describeValue(data)}.`);
      }
      if (socket.readyState !== RawWebSocket.OPEN) {
        throw new WebSocketError(`cannot send on WebSocket connection #${connection.id}: it is ${connection.closed ? `closed (code ${connection.closeCode})` : 'closing'}`, connection.closeCode);
      }
      return new Promise<void>((resolve, reject) => {
        socket.send(data, { binary: typeof data !== 'string' }, (error) => {
          if (error) reject(new WebSocketError(`sending on WebSocket connection #${connection.id} failed: ${error.message}`, undefined, error));
          else resolve();
        });
      });
    };
    // Sync mode: the write is queued on the socket and not waited for (ws sends it when the loop runs).
    const sendNow = (data: Data): void => {
      void sendData(data).catch(() => {});
    };
    this.send = wsHidden('send', sendData, sendNow);
    this.sendJson = wsHidden('sendJson', (value: unknown) => sendData(JSON.stringify(value)), (value: unknown) => sendNow(JSON.stringify(value)));
    const receive = (): Message | undefined | Promise<Message | undefined> => {
      // A queued message is returned at once, without suspending.
      if (connection.queue.length > 0) return connection.queue.shift()!;
      if (connection.closed) return undefined;
      const signal = currentSignal();
      return new Promise<Message | undefined>((resolve, reject) => {
        const waiter = (message: Message | undefined): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(message);
        };
        const onAbort = (): void => {
          connection.waiters.delete(waiter);
          reject(signal!.reason);
        };
        connection.waiters.add(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    };
    const receiveQueued = (): Message | undefined => {
      const next = receive();
      if (!(next instanceof Promise)) return next;
      throw cannotWait('receive', 'found no queued message', 'Check conn.queued before receiving, use `await conn.receive.async()` from async code, or run the WebSocket part in async mode.');
    };
    this.receive = wsHidden('receive', receive, receiveQueued);
    const parse = (message: Message | undefined): unknown => {
      if (message === undefined) return undefined;
      const text = typeof message === 'string' ? message : message.toString('utf8');
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new SyntaxError(`receiveJson(): a message on WebSocket connection #${connection.id} is not JSON: ${(error as Error).message}`, { cause: error });
      }
    };
    this.receiveJson = wsHidden(
      'receiveJson',
      (): unknown => {
        const next = receive();
        return next instanceof Promise ? next.then(parse) : parse(next);
      },
      () => parse(receiveQueued()),
    ) as WebSocketConnection['receiveJson'];
    const startClosing = (code = 1000, reason = ''): Promise<void> => {
      if (!connection.closed) {
        if (socket.readyState === RawWebSocket.CONNECTING) socket.terminate();
        else socket.close(code, reason);
      }
      // The other end should confirm the close; a silent one is cut off.
      const cutOff = setTimeout(() => socket.terminate(), 5000);
      return connection.closedPromise.finally(() => clearTimeout(cutOff));
    };
    this.close = wsHidden('close', startClosing, (code?: number, reason?: string) => void startClosing(code, reason));
  }

  /** True once the connection has closed (the close handshake is over, or the connection was lost). */
  get closed(): boolean {
    return this.closeCode !== undefined;
  }

  /** Messages received and not yet taken by `receive()`. */
  get queued(): number {
    return this.queue.length;
  }

  /** @internal Runs `fn` when the connection closes. */
  onClose(fn: () => void): void {
    void this.closedPromise.then(fn);
  }
}

export interface ConnectOptions {
  headers?: Record<string, string>;
  protocols?: string | string[];
  /** Milliseconds for the opening handshake (default 10 000). */
  timeout?: number;
}

/** Opens a WebSocket to `url` (`ws://` or `wss://`); throws `WebSocketError` if it cannot. */
export const connect: GreenMethod<[url: string | URL, options?: ConnectOptions], WebSocketConnection> = wsHidden(
  'connect',
  (url: string | URL, options: ConnectOptions = {}): Promise<WebSocketConnection> => {
    if (options === null || typeof options !== 'object') throw new TypeError(`connect(): options must be an object, got ${describeValue(options)}.`);
    checkTimeout('connect()', options.timeout);
    const signal = currentSignal();
    const timeout = options.timeout ?? 10_000;
    const socket = new RawWebSocket(url, options.protocols, { headers: options.headers, handshakeTimeout: timeout });
    const connection = new WebSocketConnection(socket);
    return new Promise<WebSocketConnection>((resolve, reject) => {
      let failure: Error | undefined;
      const onAbort = (): void => {
        socket.terminate();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (error) => (failure ??= error));
      socket.once('open', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(connection);
      });
      socket.once('close', () => {
        signal?.removeEventListener('abort', onAbort);
        const code = (failure as { code?: string } | undefined)?.code;
        reject(new WebSocketError(`could not open a WebSocket to ${String(url)}: ${failure?.message ?? 'the connection closed during the handshake'}`, code, failure));
      });
    });
  },
  () => {
    throw cannotWait('connect', 'waits for the opening handshake', 'Open connections from async code with `await connect.async(url)`, or run the WebSocket part in async mode.');
  },
);

export interface ServerOptions {
  /** Port to listen on (0, the default: any free port; see `server.port`). Not with `server`. */
  port?: number;
  /** Address to listen on (default `127.0.0.1`; `0.0.0.0` or `::` for every interface). */
  host?: string;
  /** Accept only this path (`/ws`); others get 400. */
  path?: string;
  /** Share an existing HTTP server instead of listening on a port (its `upgrade` requests). */
  server?: HttpServer;
  /** Largest message accepted, in bytes (default 1 MiB). */
  maxPayload?: number;
  /** Called when a handler throws (default: print the error's stack to stderr). The connection is closed with 1011. */
  onError?: (error: unknown, connection: WebSocketConnection) => void;
}

/** Runs for each accepted connection, as its own green task. */
export type ConnectionHandler = (connection: WebSocketConnection, request: IncomingMessage) => unknown;

export interface WebSocketServer {
  /** The port it listens on (the HTTP server's port when sharing one). */
  readonly port: number;
  /** `ws://host:port/path`. */
  readonly url: string;
  /** Connections open now. */
  readonly connections: ReadonlySet<WebSocketConnection>;
  /** The `ws` server. */
  readonly raw: RawWebSocketServer;
  /** Stops accepting, closes every connection (code 1001) and waits for them. */
  readonly close: GreenMethod<[], void>;
}

function defaultOnError(error: unknown, connection: WebSocketConnection): void {
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  process.stderr.write(`greenhack/ws: the handler of connection #${connection.id} failed: ${stack}\n`);
}

/** Starts a WebSocket server; returns once it listens. Each connection runs `handler` as a green task. */
export const listen: GreenMethod<[options: ServerOptions, handler: ConnectionHandler], WebSocketServer> = wsHidden(
  'listen',
  (options: ServerOptions, handler: ConnectionHandler): Promise<WebSocketServer> => {
    if (options === null || typeof options !== 'object') throw new TypeError(`listen(): options must be an object, got ${describeValue(options)}.`);
    checkFunction('listen()', 'the handler', handler);
    if (options.server !== undefined && options.port !== undefined) throw new TypeError('listen(): pass either port or server, not both.');
    const onError = options.onError ?? defaultOnError;
    const host = options.host ?? '127.0.0.1';
    const raw = options.server
      ? new RawWebSocketServer({ server: options.server, path: options.path, maxPayload: options.maxPayload ?? 1024 * 1024 })
      : new RawWebSocketServer({ port: options.port ?? 0, host, path: options.path, maxPayload: options.maxPayload ?? 1024 * 1024 });
    const connections = new Set<WebSocketConnection>();
    const run = asAsync(handler);
    raw.on('connection', (socket: RawWebSocket, request: IncomingMessage) => {
      const connection = new WebSocketConnection(socket);
      connections.add(connection);
      connection.onClose(() => connections.delete(connection));
      run(connection, request).catch((error: unknown) => {
        try {
          onError(error, connection);
        } finally {
          if (!connection.closed) socket.close(1011, 'internal error');
        }
      });
    });
    raw.on('error', () => {});
    const address = (): AddressInfo => (options.server ? options.server.address() : raw.address()) as AddressInfo;
    const server: WebSocketServer = {
      get port() {
        return address().port;
      },
      get url() {
        const { port } = address();
        const shownHost = options.server ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
        return `ws://${shownHost}:${port}${options.path ?? ''}`;
      },
      connections,
      raw,
      close: wsHidden(
        'close',
        async (): Promise<void> => {
          const closing = [...connections].map((connection) => connection.close.async(1001, 'server closing'));
          await new Promise<void>((resolve) => raw.close(() => resolve()));
          await Promise.allSettled(closing);
        },
        () => {
          // Sync mode: closing starts now and finishes when the event loop runs.
          for (const connection of connections) void connection.close.async(1001, 'server closing');
          raw.close();
        },
      ),
    };
    if (options.server) return Promise.resolve(server);
    return new Promise<WebSocketServer>((resolve, reject) => {
      raw.once('listening', () => resolve(server));
      raw.once('error', (error) => reject(new WebSocketError(`could not listen on ${host}:${options.port ?? 0}: ${error.message}`, (error as { code?: string }).code, error)));
    });
  },
  () => {
    throw cannotWait('listen', 'waits for the port to open', 'Start the server from async code with `await listen.async(options, handler)` (its handlers can send in sync mode), or run the WebSocket part in async mode.');
  },
);

/**
 * Connected consumers by key (a customer, a user, a room): several connections may share a key. A
 * connection leaves the registry by itself when it closes.
 */
export class Registry<K = string> {
  private readonly entries = new Map<K, Set<WebSocketConnection>>();
  /** Sends to every open connection under `key`; returns how many got it. */
  readonly send: GreenMethod<[key: K, data: Data], number>;
  /** Sends `JSON.stringify(value)` to every open connection under `key`; returns how many got it. */
  readonly sendJson: GreenMethod<[key: K, value: unknown], number>;
  /** Sends `JSON.stringify(value)` to every connection in the registry; returns how many got it. */
  readonly broadcastJson: GreenMethod<[value: unknown], number>;

  constructor() {
    const deliver = async (targets: WebSocketConnection[], data: Data): Promise<number> => {
      const results = await Promise.allSettled(targets.filter((connection) => !connection.closed).map((connection) => connection.send.async(data)));
      return results.filter((result) => result.status === 'fulfilled').length;
    };
    // Sync mode: each write is started and not waited for; the count is of the open connections written to.
    const deliverNow = (targets: WebSocketConnection[], data: Data): number => {
      const open = targets.filter((connection) => !connection.closed);
      for (const connection of open) void connection.send.async(data).catch(() => {});
      return open.length;
    };
    const everyone = (): WebSocketConnection[] => [...new Set([...this.entries.values()].flatMap((set) => [...set]))];
    this.send = wsHidden('send', (key: K, data: Data) => deliver(this.get(key), data), (key: K, data: Data) => deliverNow(this.get(key), data));
    this.sendJson = wsHidden('sendJson', (key: K, value: unknown) => deliver(this.get(key), JSON.stringify(value)), (key: K, value: unknown) => deliverNow(this.get(key), JSON.stringify(value)));
    this.broadcastJson = wsHidden('broadcastJson', (value: unknown) => deliver(everyone(), JSON.stringify(value)), (value: unknown) => deliverNow(everyone(), JSON.stringify(value)));
  }

  /** Registers `connection` under `key` (until it closes, or `delete`). */
  add(key: K, connection: WebSocketConnection): void {
    if (!(connection instanceof WebSocketConnection)) throw new TypeError(`Registry.add(): the connection must be a WebSocketConnection, got ${describeValue(connection)}.`);
    if (connection.closed) return;
    let set = this.entries.get(key);
    if (set === undefined) this.entries.set(key, (set = new Set()));
    set.add(connection);
    connection.onClose(() => this.delete(key, connection));
  }

  /** Removes `connection` from `key`, or every connection under `key`. True if something was removed. */
  delete(key: K, connection?: WebSocketConnection): boolean {
    const set = this.entries.get(key);
    if (set === undefined) return false;
    const removed = connection === undefined ? set.size > 0 : set.delete(connection);
    if (connection === undefined || set.size === 0) this.entries.delete(key);
    return removed;
  }

  /** The open connections under `key`. */
  get(key: K): WebSocketConnection[] {
    return [...(this.entries.get(key) ?? [])].filter((connection) => !connection.closed);
  }

  has(key: K): boolean {
    return this.get(key).length > 0;
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  /** Keys with at least one connection. */
  get size(): number {
    return this.entries.size;
  }
}
