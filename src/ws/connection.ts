/**
 * One WebSocket, either end, in sync style: `send`, `receive` (queued messages first), `close`. Each is a
 * hidden function with what it does in sync mode: server-side sockets start sends and closes and take
 * queued messages; a client socket on the bridge worker (worker-socket.ts) blocks on it.
 */
import { WebSocket as RawWebSocket } from 'ws';
import { GreenContextError, WebSocketError } from '../errors.ts';
import { currentSignal, currentTask, hidden } from '../index.ts';
import { describeValue } from '../batteries/green.ts';
import { contextError } from '../runtime/context-error.ts';
import { installed } from '../runtime/install.ts';

/** Why a ws call cannot wait in sync mode, and what to do: the event loop only runs between calls there. */
export function cannotWait(name: string, what: string, instead: string): GreenContextError {
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
export function wsHidden<A extends unknown[], R>(name: string, impl: (...args: A) => R, whenSync: (...args: A) => Awaited<R>): GreenMethod<A, Awaited<R>> {
  const fn = hidden(impl, {
    name,
    sync: ((...args: A) => {
      if (installed.api.config.mode !== 'sync') throw contextError(name, currentTask(), fn);
      return whenSync(...args);
    }) as never,
  });
  return fn as never;
}

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
  /** `using conn = connect(url)`: the same hidden function as `close` (code 1000). */
  readonly [Symbol.dispose]!: GreenMethod<[], void>;
  /** `await using` from async code: `close.async()`. */
  readonly [Symbol.asyncDispose]!: () => Promise<void>;
  /** The close code, once closed (1000 normal, 1001 going away, 1006 lost, …). */
  closeCode: number | undefined;
  closeReason: string | undefined;
  private readonly queue: Message[] = [];
  private readonly waiters = new Set<(message: Message | undefined) => void>();
  private readonly closedPromise: Promise<void>;

  /**
   * `pull` (sync mode, a socket on the bridge worker): blocks until the socket has news, so that
   * `receive()` can wait for a message where nothing can suspend.
   */
  constructor(socket: RawWebSocket, pull?: () => void) {
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
      while (pull !== undefined && connection.queue.length === 0 && !connection.closed) pull();
      const next = receive();
      if (!(next instanceof Promise)) return next;
      throw cannotWait('receive', 'found no queued message', 'Check conn.queued before receiving, use `await conn.receive.async()` from async code, or run the WebSocket part in async mode.');
    };
    this.receive = wsHidden('receive', pull === undefined ? receive : receiveQueued, receiveQueued);
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
        const next = pull === undefined ? receive() : receiveQueued();
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
    this[Symbol.dispose] = this.close;
    this[Symbol.asyncDispose] = () => this.close.async();
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
