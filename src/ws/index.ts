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
import { WebSocketError } from '../errors.ts';
import { asAsync, currentSignal } from '../index.ts';
import { checkFunction, checkTimeout, describeValue } from '../batteries/green.ts';
import { cannotWait, type GreenMethod, WebSocketConnection, wsHidden } from './connection.ts';
import { WorkerSocket } from './worker-socket.ts';

export { WebSocketError, WebSocketConnection };
export type { Data, GreenMethod, Message } from './connection.ts';
export { Registry } from './registry.ts';

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
  // Sync mode: the socket lives on the bridge worker; each call blocks until the worker answers.
  (url: string | URL, options: ConnectOptions = {}): WebSocketConnection => {
    if (options === null || typeof options !== 'object') throw new TypeError(`connect(): options must be an object, got ${describeValue(options)}.`);
    checkTimeout('connect()', options.timeout);
    const socket = new WorkerSocket(String(url), { headers: options.headers, protocols: options.protocols, timeout: options.timeout ?? 10_000 });
    return new WebSocketConnection(socket as unknown as RawWebSocket, () => socket.pull());
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

