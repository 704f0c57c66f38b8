/**
 * `greenhack/http`: an HTTP client for sync-style code, over Node's `fetch` (undici).
 *
 * ```ts
 * import * as http from 'greenhack/http'
 * const response = http.post('http://kitchen.local/orders', { json: order, timeout: 2000 })
 * if (response.ok) return response.json<{ eta: number }>().eta
 * ```
 *
 * Each call suspends the calling green task until the whole response body has arrived, so `text()` and
 * `json()` are synchronous. Network failures throw `HttpRequestError`, a passed `timeout` throws
 * `HttpTimeoutError`, a cancelled task aborts its request. Any status is a response: `raiseForStatus()`
 * turns a non-2xx one into `HttpStatusError`.
 */
import { HttpRequestError, HttpStatusError, HttpTimeoutError } from '../errors.ts';
import { currentSignal, hidden } from '../index.ts';
import { checkTimeout, describeValue } from '../batteries/green.ts';

export { HttpRequestError, HttpStatusError, HttpTimeoutError };

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** A value sent as JSON (sets `content-type: application/json` unless `headers` set it). Not with `body`. */
  json?: unknown;
  /** A raw body: string, bytes, `URLSearchParams`, `FormData` or `Blob`. Not with `json`. */
  body?: string | Uint8Array | ArrayBuffer | URLSearchParams | FormData | Blob;
  headers?: Record<string, string> | Headers | [string, string][];
  /** Added to the URL's query string (`undefined` values are left out). */
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  /** Milliseconds for the whole exchange, body included; then `HttpTimeoutError`. Default: the client's, else none. */
  timeout?: number;
  /** Aborts the request (as a cancelled green task does). */
  signal?: AbortSignal;
  /** `follow` (default), `manual` (3xx responses are returned) or `error`. */
  redirect?: 'follow' | 'manual' | 'error';
}

/** A response with its whole body read: `text()`, `json()` and `bytes()` are synchronous. */
export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** The final URL (after redirects). */
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  text(): string;
  /** The body parsed as JSON; a SyntaxError naming the request when it is not JSON. */
  json<T = unknown>(): T;
  bytes(): Uint8Array;
  /** Returns the response when its status is 2xx; throws `HttpStatusError` otherwise. */
  raiseForStatus(): HttpResponse;
}

/** A request method: in green code it returns the response; `.async()` returns a promise of it. */
export interface RequestFunction {
  (url: string | URL, options?: RequestOptions): HttpResponse;
  async(url: string | URL, options?: RequestOptions): Promise<HttpResponse>;
}

export interface ClientOptions {
  /** Relative URLs are resolved against it (`new URL(url, baseUrl)`). */
  baseUrl?: string | URL;
  /** Sent with every request (a request's own headers win). */
  headers?: Record<string, string>;
  /** Default `timeout` of every request, in ms. */
  timeout?: number;
}

export interface HttpClient {
  readonly get: RequestFunction;
  readonly post: RequestFunction;
  readonly put: RequestFunction;
  readonly patch: RequestFunction;
  readonly delete: RequestFunction;
  readonly head: RequestFunction;
  /** Any method: `client.request('OPTIONS', url)`. */
  readonly request: {
    (method: string, url: string | URL, options?: RequestOptions): HttpResponse;
    async(method: string, url: string | URL, options?: RequestOptions): Promise<HttpResponse>;
  };
}

const decoder = new TextDecoder();

class BufferedResponse implements HttpResponse {
  private decoded: string | undefined;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly body: Uint8Array,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): string {
    return (this.decoded ??= decoder.decode(this.body));
  }

  json<T = unknown>(): T {
    const text = this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const start = text.length > 80 ? `${text.slice(0, 80)}…` : text;
      throw new SyntaxError(`the body of ${this.method} ${this.url} (status ${this.status}) is not JSON: ${(error as Error).message}; it starts with ${JSON.stringify(start)}`, { cause: error });
    }
  }

  bytes(): Uint8Array {
    return this.body;
  }

  raiseForStatus(): HttpResponse {
    if (!this.ok) throw new HttpStatusError(this.method, this.url, this.status, this.statusText, this.text());
    return this;
  }
}

function resolveUrl(url: string | URL, options: ClientOptions, query: RequestOptions['query']): URL {
  let resolved: URL;
  try {
    resolved = options.baseUrl !== undefined ? new URL(url, options.baseUrl) : new URL(url);
  } catch {
    throw new TypeError(`http: invalid URL ${JSON.stringify(String(url))}${options.baseUrl === undefined ? ' (relative URLs need a client with a baseUrl)' : ''}.`);
  }
  if (query !== undefined) {
    for (const [key, value] of Object.entries(query)) {
      const values = Array.isArray(value) ? value : [value];
      for (const item of values) if (item !== undefined) resolved.searchParams.append(key, String(item));
    }
  }
  return resolved;
}

/** The system error code behind a failed fetch (undici wraps it in `cause`, sometimes twice). */
function systemCode(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const { code, cause, message } = current as { code?: unknown; cause?: unknown; message?: unknown };
    if (typeof code === 'string') return { code, message: typeof message === 'string' ? message : String(code) };
    if (cause === undefined) break;
    current = cause;
  }
  return { code: undefined, message: error instanceof Error ? error.message : String(error) };
}

async function send(method: string, url: string | URL, options: RequestOptions | undefined, defaults: ClientOptions, taskSignal: AbortSignal | undefined): Promise<HttpResponse> {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError(`http: options must be an object, got ${describeValue(options)}.`);
  const { json, body, headers, query, signal, redirect } = options ?? {};
  const timeout = options?.timeout ?? defaults.timeout;
  checkTimeout('http', timeout);
  if (json !== undefined && body !== undefined) throw new TypeError('http: pass either json or body, not both.');
  const target = resolveUrl(url, defaults, query);
  const shown = `${target.origin}${target.pathname}`;
  const requestHeaders = new Headers(defaults.headers);
  if (headers !== undefined) new Headers(headers).forEach((value, key) => requestHeaders.set(key, value));
  let payload: RequestInit['body'];
  if (json !== undefined) {
    payload = JSON.stringify(json);
    if (!requestHeaders.has('content-type')) requestHeaders.set('content-type', 'application/json');
  } else if (body !== undefined) {
    payload = body as RequestInit['body'];
  }
  const timer = timeout !== undefined ? AbortSignal.timeout(timeout) : undefined;
  const signals = [taskSignal, signal, timer].filter((s): s is AbortSignal => s !== undefined);
  const combined = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  const fail = (error: unknown): never => {
    if (timer?.aborted) throw new HttpTimeoutError(method, shown, timeout!);
    if (taskSignal?.aborted) throw taskSignal.reason;
    if (signal?.aborted) throw signal.reason;
    const { code, message } = systemCode(error);
    throw new HttpRequestError(`${method} ${shown} failed: ${message}`, method, shown, code, error);
  };
  let response: Response;
  try {
    response = await fetch(target, { method, headers: requestHeaders, body: payload, signal: combined, redirect: redirect ?? 'follow' });
  } catch (error) {
    return fail(error);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return fail(error);
  }
  return new BufferedResponse(method, response.url || target.toString(), response.status, response.statusText, response.headers, bytes);
}

/** A client with its own base URL, default headers and timeout. */
export function createClient(options: ClientOptions = {}): HttpClient {
  if (options === null || typeof options !== 'object') throw new TypeError(`createClient(): options must be an object, got ${describeValue(options)}.`);
  checkTimeout('createClient()', options.timeout);
  const defaults: ClientOptions = { ...options };
  const method = (name: string): RequestFunction =>
    hidden((url: string | URL, requestOptions?: RequestOptions): Promise<HttpResponse> => send(name, url, requestOptions, defaults, currentSignal()), { name: name.toLowerCase() });
  return {
    get: method('GET'),
    post: method('POST'),
    put: method('PUT'),
    patch: method('PATCH'),
    delete: method('DELETE'),
    head: method('HEAD'),
    request: hidden(
      (name: string, url: string | URL, requestOptions?: RequestOptions): Promise<HttpResponse> => {
        if (typeof name !== 'string' || !/^[A-Za-z]+$/.test(name)) throw new TypeError(`http.request(): the method must be a word like "GET", got ${JSON.stringify(name)}.`);
        return send(name.toUpperCase(), url, requestOptions, defaults, currentSignal());
      },
      { name: 'request' },
    ),
  };
}

const client = createClient();

/** GET `url`. */
export const get: RequestFunction = client.get;
/** POST `url` (with `json` or `body`). */
export const post: RequestFunction = client.post;
/** PUT `url`. */
export const put: RequestFunction = client.put;
/** PATCH `url`. */
export const patch: RequestFunction = client.patch;
/** DELETE `url` (exported as `delete`; `del` is the same function, for named imports). */
export const del: RequestFunction = client.delete;
/** HEAD `url`. */
export const head: RequestFunction = client.head;
/** Any method: `request('OPTIONS', url)`. */
export const request: HttpClient['request'] = client.request;
export { del as delete };
