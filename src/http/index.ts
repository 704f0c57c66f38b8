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
import { currentSignal, currentTask, hidden } from '../index.ts';
import { checkTimeout, describeValue } from '../batteries/green.ts';
import { callThroughBridge } from '../runtime/bridge/index.ts';
import { contextError } from '../runtime/context-error.ts';
import { installed } from '../runtime/install.ts';

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

/** A request checked and reduced to plain data, so that it can also cross to the bridge worker (sync mode). */
export interface PreparedRequest {
  method: string;
  url: string;
  /** The URL without its query, for messages. */
  shown: string;
  headers: [string, string][];
  body: string | Uint8Array | ArrayBuffer | Blob | FormData | undefined;
  timeout: number | undefined;
  redirect: 'follow' | 'manual' | 'error';
}

/** A response as plain data: what the bridge worker sends back. */
export interface ResponseData {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Uint8Array;
}

function prepare(method: string, url: string | URL, options: RequestOptions | undefined, defaults: ClientOptions): PreparedRequest {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError(`http: options must be an object, got ${describeValue(options)}.`);
  const { json, body, headers, query, redirect } = options ?? {};
  const timeout = options?.timeout ?? defaults.timeout;
  checkTimeout('http', timeout);
  if (json !== undefined && body !== undefined) throw new TypeError('http: pass either json or body, not both.');
  const target = resolveUrl(url, defaults, query);
  const requestHeaders = new Headers(defaults.headers);
  if (headers !== undefined) new Headers(headers).forEach((value, key) => requestHeaders.set(key, value));
  let payload: PreparedRequest['body'];
  if (json !== undefined) {
    payload = JSON.stringify(json);
    if (!requestHeaders.has('content-type')) requestHeaders.set('content-type', 'application/json');
  } else if (body instanceof URLSearchParams) {
    payload = body.toString();
    if (!requestHeaders.has('content-type')) requestHeaders.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
  } else {
    payload = body;
  }
  return { method, url: target.toString(), shown: `${target.origin}${target.pathname}`, headers: [...requestHeaders], body: payload, timeout, redirect: redirect ?? 'follow' };
}

/** Sends a prepared request and reads the whole response: on this thread, or on the bridge worker. */
export async function perform(request: PreparedRequest, taskSignal: AbortSignal | undefined, signal: AbortSignal | undefined): Promise<ResponseData> {
  const { method, shown, timeout } = request;
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
    response = await fetch(request.url, { method, headers: request.headers, body: request.body as RequestInit["body"], signal: combined, redirect: request.redirect });
  } catch (error) {
    return fail(error);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return fail(error);
  }
  return { method, url: response.url || request.url, status: response.status, statusText: response.statusText, headers: [...response.headers], body: bytes };
}

function toResponse(data: ResponseData): HttpResponse {
  return new BufferedResponse(data.method, data.url, data.status, data.statusText, new Headers(data.headers), data.body);
}

async function send(method: string, url: string | URL, options: RequestOptions | undefined, defaults: ClientOptions, taskSignal: AbortSignal | undefined): Promise<HttpResponse> {
  return toResponse(await perform(prepare(method, url, options, defaults), taskSignal, options?.signal));
}

const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href;

/**
 * Sync mode: the request runs on the blocking bridge's worker while this thread waits. Without a
 * `timeout`, the wait is capped at two minutes so that a server that never answers cannot hang the caller.
 */
function sendBlocking(name: string, method: string, url: string | URL, options: RequestOptions | undefined, defaults: ClientOptions): HttpResponse {
  const request = prepare(method, url, options, defaults);
  if (options?.signal !== undefined) {
    throw new TypeError(`http.${name}(): an AbortSignal cannot be passed in sync mode (the request runs on the bridge worker, and nothing on this thread can abort it while it waits). Use { timeout } instead.`);
  }
  if (request.body instanceof FormData) {
    throw new TypeError(`http.${name}(): a FormData body cannot be passed in sync mode (it cannot be copied to the bridge worker). Send a string, bytes or URLSearchParams.`);
  }
  const limit = (request.timeout ?? 120_000) + 5_000;
  return toResponse(callThroughBridge(name, WORKER_URL, 'httpWorkerRequest', [request], limit, [], "the request's { timeout }") as ResponseData);
}

/** A request method as a hidden function: suspends in a task, blocks on the bridge in sync mode. */
function requestFunction<A extends unknown[]>(name: string, impl: (...args: A) => Promise<HttpResponse>, blocking: (...args: A) => HttpResponse): (...args: A) => HttpResponse {
  const fn = hidden(impl, {
    name,
    sync: ((...args: A) => {
      if (installed.api.config.mode !== 'sync') throw contextError(name, currentTask(), fn);
      return blocking(...args);
    }) as never,
  });
  return fn as unknown as (...args: A) => HttpResponse;
}

/** A client with its own base URL, default headers and timeout. */
export function createClient(options: ClientOptions = {}): HttpClient {
  if (options === null || typeof options !== 'object') throw new TypeError(`createClient(): options must be an object, got ${describeValue(options)}.`);
  checkTimeout('createClient()', options.timeout);
  const defaults: ClientOptions = { ...options };
  const method = (name: string): RequestFunction =>
    requestFunction(
      name.toLowerCase(),
      (url: string | URL, requestOptions?: RequestOptions): Promise<HttpResponse> => send(name, url, requestOptions, defaults, currentSignal()),
      (url: string | URL, requestOptions?: RequestOptions): HttpResponse => sendBlocking(name.toLowerCase(), name, url, requestOptions, defaults),
    ) as unknown as RequestFunction;
  const checkMethod = (name: unknown): string => {
    if (typeof name !== 'string' || !/^[A-Za-z]+$/.test(name)) throw new TypeError(`http.request(): the method must be a word like "GET", got ${JSON.stringify(name)}.`);
    return name.toUpperCase();
  };
  return {
    get: method('GET'),
    post: method('POST'),
    put: method('PUT'),
    patch: method('PATCH'),
    delete: method('DELETE'),
    head: method('HEAD'),
    request: requestFunction(
      'request',
      async (name: string, url: string | URL, requestOptions?: RequestOptions): Promise<HttpResponse> => send(checkMethod(name), url, requestOptions, defaults, currentSignal()),
      (name: string, url: string | URL, requestOptions?: RequestOptions): HttpResponse => sendBlocking('request', checkMethod(name), url, requestOptions, defaults),
    ) as unknown as HttpClient['request'],
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
