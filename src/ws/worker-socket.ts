/**
 * Sync mode for a WebSocket client: the socket lives on the blocking bridge's worker (worker.ts) and this
 * stand-in, with the few members of a `ws` socket that `WebSocketConnection` uses, forwards each call there
 * and replays the events each answer brings. `pull()` blocks until something arrives, so `receive()` waits
 * for a message as it does in a task; the worker answers at least every second, so a long wait never
 * trips the bridge's time limit.
 */
import { EventEmitter } from 'node:events';
import { callThroughBridge } from '../runtime/bridge/index.ts';
import type { SocketEvent, WsOp } from './worker.ts';

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href;
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** How long one `pull()` waits on the worker before answering "nothing yet" (and being asked again). */
const WAIT_MS = 1000;
let ids = 0;

export interface WorkerSocketOptions {
  headers: Record<string, string> | undefined;
  protocols: string | string[] | undefined;
  timeout: number;
}

export class WorkerSocket extends EventEmitter {
  readyState: number = CONNECTING;
  private readonly id = ++ids;

  /** Opens a socket on the worker; throws `WebSocketError` (from the worker) if it cannot. */
  constructor(url: string, options: WorkerSocketOptions) {
    super();
    this.call('connect', { op: 'connect', id: this.id, url, protocols: options.protocols, headers: options.headers, timeout: options.timeout }, options.timeout);
    this.readyState = OPEN;
  }

  send(data: string | Uint8Array | ArrayBuffer, options: { binary: boolean }, done: (error?: Error) => void): void {
    try {
      this.call('send', { op: 'send', id: this.id, data, binary: options.binary });
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    this.call('close', { op: 'close', id: this.id, code, reason });
  }

  terminate(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    this.call('close', { op: 'terminate', id: this.id });
  }

  /** Blocks until a message or the close arrives (asking the worker again every `WAIT_MS`). */
  pull(): void {
    if (this.readyState === CLOSED) return;
    this.call('receive', { op: 'wait', id: this.id, ms: WAIT_MS });
  }

  private call(name: string, request: WsOp, extraMs = 0): void {
    const events = callThroughBridge(name, WORKER_URL, 'wsWorkerCall', [request], WAIT_MS + extraMs + 10_000) as SocketEvent[];
    for (const event of events) {
      if (event.type === 'message') {
        this.emit('message', typeof event.data === 'string' ? Buffer.from(event.data, 'utf8') : Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength), event.binary);
      } else {
        this.readyState = CLOSED;
        this.emit('close', event.code, Buffer.from(event.reason, 'utf8'));
      }
    }
  }
}
