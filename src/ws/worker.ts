/**
 * The bridge worker's side of a sync-mode WebSocket client (worker-socket.ts): the `ws` socket lives
 * here, and each call returns the events (messages, close) that arrived since the last one, so the
 * calling thread, blocked between calls, misses nothing.
 */
import { WebSocket } from 'ws';
import { WebSocketError } from '../errors.ts';

/** What happened on a socket, as plain data. */
export type SocketEvent = { type: 'message'; data: string | Uint8Array; binary: boolean } | { type: 'close'; code: number; reason: string };

export type WsOp =
  | { op: 'connect'; id: number; url: string; protocols: string | string[] | undefined; headers: Record<string, string> | undefined; timeout: number }
  | { op: 'send'; id: number; data: string | Uint8Array | ArrayBuffer; binary: boolean }
  | { op: 'wait'; id: number; ms: number }
  | { op: 'close'; id: number; code: number | undefined; reason: string | undefined }
  | { op: 'terminate'; id: number };

interface Entry {
  socket: WebSocket;
  events: SocketEvent[];
  wake: (() => void) | undefined;
  closed: Promise<void>;
}

const entries = new Map<number, Entry>();

function entryOf(id: number): Entry {
  const entry = entries.get(id);
  if (entry === undefined) throw new WebSocketError(`WebSocket #${id} is not open on the bridge worker (it closed, or the worker was stopped after a timeout or a crash).`, undefined);
  return entry;
}

/** The events since the last call; a socket whose close was reported is forgotten. */
function drain(id: number, entry: Entry): SocketEvent[] {
  const events = entry.events.splice(0);
  if (events.some((event) => event.type === 'close')) entries.delete(id);
  return events;
}

function open(request: Extract<WsOp, { op: 'connect' }>): Promise<SocketEvent[]> {
  const socket = new WebSocket(request.url, request.protocols, { headers: request.headers, handshakeTimeout: request.timeout });
  let markClosed!: () => void;
  const entry: Entry = { socket, events: [], wake: undefined, closed: new Promise((resolve) => (markClosed = resolve)) };
  const wake = (): void => {
    entry.wake?.();
    entry.wake = undefined;
  };
  return new Promise((resolve, reject) => {
    let failure: (Error & { code?: string }) | undefined;
    let opened = false;
    socket.on('error', (error) => (failure ??= error));
    socket.once('open', () => {
      opened = true;
      entries.set(request.id, entry);
      resolve([]);
    });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], binary: boolean) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      entry.events.push({ type: 'message', data: binary ? new Uint8Array(buffer) : buffer.toString('utf8'), binary });
      wake();
    });
    socket.on('close', (code: number, reason: Buffer) => {
      entry.events.push({ type: 'close', code, reason: reason.toString('utf8') });
      markClosed();
      wake();
      if (!opened) reject(new WebSocketError(`could not open a WebSocket to ${request.url}: ${failure?.message ?? 'the connection closed during the handshake'}`, failure?.code, failure));
    });
  });
}

/** Serves one request of the calling thread; answers with the socket's new events. */
export async function wsWorkerCall(request: WsOp): Promise<SocketEvent[]> {
  if (request.op === 'connect') return open(request);
  const entry = entryOf(request.id);
  switch (request.op) {
    case 'send':
      await new Promise<void>((resolve, reject) => entry.socket.send(request.data, { binary: request.binary }, (error) => (error ? reject(error) : resolve())));
      break;
    case 'wait':
      if (entry.events.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, request.ms);
          entry.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      break;
    case 'close': {
      if (entry.socket.readyState === WebSocket.CONNECTING) entry.socket.terminate();
      else entry.socket.close(request.code, request.reason);
      // The other end should confirm the close; a silent one is cut off after 5 s.
      const cutOff = setTimeout(() => entry.socket.terminate(), 5000);
      await entry.closed.finally(() => clearTimeout(cutOff));
      break;
    }
    case 'terminate':
      entry.socket.terminate();
      await entry.closed;
      break;
  }
  return drain(request.id, entry);
}
