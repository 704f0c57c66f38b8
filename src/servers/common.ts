/**
 * What the server adapters share: how an error becomes a response (4xx errors carry their status and
 * message; anything else is a 500 whose stack is logged), the default log, JSON body parsing, and the
 * `listen` result.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from '../errors.ts';
import { hidden } from '../index.ts';
import { cleanStack } from '../runtime/stack.ts';

/** Receives one line (with the error's stitched stack) for each request that failed with a 5xx. */
export type ErrorLog = (message: string, error: unknown) => void;

export interface AdapterOptions {
  /** Where failed requests are logged (default: stderr). */
  log?: ErrorLog;
}

/** The default log: one block on stderr. */
export function defaultLog(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The HTTP status an error asks for: its `status`/`statusCode` when it is 400–599, else 500. */
export function statusOf(error: unknown): number {
  if (error !== null && typeof error === 'object') {
    const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
    for (const candidate of [status, statusCode]) {
      if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 400 && candidate <= 599) return candidate;
    }
  }
  return 500;
}

/** The JSON body of an error response: a client error's message, never a server error's details. */
export function errorBody(status: number, error: unknown): { error: string } {
  if (status >= 500) return { error: 'Internal Server Error' };
  const message = error instanceof Error ? error.message : String(error);
  return { error: message };
}

/** Logs a request that failed with a server error, with the error's stack (greenhack's frames removed). */
export function logFailure(log: ErrorLog | undefined, method: string | undefined, url: string | undefined, error: unknown): void {
  (log ?? defaultLog)(`${method ?? '?'} ${url ?? '?'} failed: ${cleanStack(error)}`, error);
}

/** True for `application/json` and `application/*+json` content types. */
export function isJsonType(contentType: string | undefined | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** Parses a JSON request body, or throws a 400 `HttpError`. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `malformed JSON body: ${(error as Error).message}`);
  }
}

/** Reads a request body up to `limit` bytes, or throws a 413 `HttpError`. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        request.resume();
        reject(new HttpError(413, `request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => failed || resolve(Buffer.concat(chunks)));
    request.on('error', (error) => failed || ((failed = true), reject(error)));
  });
}

/** A server that listens. */
export interface Listening {
  readonly server: Server;
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  /** Stops accepting connections, closes idle keep-alive ones, and waits for the server to close. */
  readonly close: { (): void; async(): Promise<void> };
}

export interface ListenOptions {
  /** Default 0: any free port (see `port` in the result). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** Starts `server` listening; resolves once it does. */
export function listenOn(server: Server, options: ListenOptions = {}): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  return new Promise<Listening>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.removeListener('error', onError);
      resolve(listening(server, host));
    });
  });
}

/** The `Listening` of a server that already listens. */
export function listening(server: Server, host = '127.0.0.1'): Listening {
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}`,
    close: hidden(
      () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeIdleConnections?.();
        }),
      { name: 'close' },
    ),
  };
}
