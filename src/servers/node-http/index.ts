/**
 * `greenhack/servers/node-http`: sync handlers on Node's own `http` server.
 *
 * ```ts
 * import { createRouter, createServer, listen } from 'greenhack/servers/node-http'
 * const router = createRouter()
 *   .get('/orders/:id', (req) => db.query('select * from orders where id = $1', [req.params.id]).rows[0])
 *   .post('/orders', (req, res) => { res.statusCode = 201; return saveOrder(req.body) })
 * const { url } = listen(createServer(router), { port: 3000 })
 * ```
 *
 * Each request runs its handler as a green task (`asAsync`). Before it runs, the body is read: JSON
 * (`application/json`) is parsed into `req.body` (malformed JSON: 400), text into a string, anything else
 * into a Buffer. A value the handler returns is sent as JSON (status 200 unless it set another); returning
 * nothing after writing the response itself is fine; returning nothing without responding gives 204. A
 * thrown `HttpError` (or any error with a 4xx `status`) gives that status and `{ error: message }`; any other
 * error gives 500 `{ error: 'Internal Server Error' }` and logs the error's stitched stack.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HttpError } from '../../errors.ts';
import { asAsync, hidden } from '../../index.ts';
import { checkFunction } from '../../batteries/green.ts';
import { type AdapterOptions, type ErrorLog, errorBody, isJsonType, type Listening, type ListenOptions, listenOn, logFailure, parseJsonBody, readBody, statusOf } from '../common.ts';

export { HttpError };
export type { AdapterOptions, ErrorLog, Listening, ListenOptions };

/** The request a handler gets: Node's `IncomingMessage` with the parsed body, path, query and route params. */
export interface GreenRequest extends IncomingMessage {
  /** Parsed JSON, a string for `text/*`, a Buffer for other types, undefined when there is no body. */
  body: unknown;
  /** The URL's path, without the query string. */
  path: string;
  query: URLSearchParams;
  /** Route parameters (`/orders/:id` gives `id`); empty without a router. */
  params: Record<string, string>;
}

/** A sync request handler (its hidden calls suspend only its own request). */
export type Handler = (req: GreenRequest, res: ServerResponse) => unknown;

export interface ServerOptions extends AdapterOptions {
  /** Largest request body read, in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  run: (req: GreenRequest, res: ServerResponse) => Promise<unknown>;
}

function compile(path: string): { pattern: RegExp; names: string[] } {
  if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError(`router: a route path must be a string starting with "/", got ${JSON.stringify(path)}.`);
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      if (segment === '*') {
        names.push('*');
        return '(.*)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** Routes by method and path (`/orders/:id`, a trailing `*` matches the rest); unmatched requests get 404 (or 405). */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route for `method` (`GET`, …, or `*` for any). */
  on(method: string, path: string, handler: Handler): this {
    checkFunction('router', 'the handler', handler);
    this.routes.push({ method: method.toUpperCase(), ...compile(path), run: asAsync(handler) });
    return this;
  }
  get(path: string, handler: Handler): this {
    return this.on('GET', path, handler);
  }
  post(path: string, handler: Handler): this {
    return this.on('POST', path, handler);
  }
  put(path: string, handler: Handler): this {
    return this.on('PUT', path, handler);
  }
  patch(path: string, handler: Handler): this {
    return this.on('PATCH', path, handler);
  }
  delete(path: string, handler: Handler): this {
    return this.on('DELETE', path, handler);
  }

  /** @internal The route for a request, its params, or the methods allowed on the path (405). */
  match(method: string, path: string): { run: Route['run']; params: Record<string, string> } | { allowed: string[] } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (found === null) continue;
      if (route.method !== '*' && route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        const value = found[index + 1] ?? '';
        try {
          params[name] = decodeURIComponent(value);
        } catch {
          params[name] = value;
        }
      });
      return { run: route.run, params };
    }
    return { allowed };
  }
}

/** A new router. */
export function createRouter(): Router {
  return new Router();
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** The request listener (`http.createServer(listener)`) that runs `handler`, or a router's handlers, as green tasks. */
export function green(handler: Handler | Router, options: ServerOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const router = handler instanceof Router ? handler : undefined;
  if (router === undefined) checkFunction('green()', 'the handler', handler);
  const single = router === undefined ? asAsync(handler as Handler) : undefined;
  const limit = options.bodyLimit ?? 1024 * 1024;
  return async function listener(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request = req as GreenRequest;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      request.path = url.pathname;
      request.query = url.searchParams;
      request.params = {};
      request.body = undefined;
      let run = single;
      if (router !== undefined) {
        const found = router.match((req.method ?? 'GET').toUpperCase(), url.pathname);
        if ('allowed' in found) {
          if (found.allowed.length > 0) {
            res.setHeader('allow', [...new Set(found.allowed)].join(', '));
            throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`);
          }
          throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
        }
        run = found.run;
        request.params = found.params;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const bytes = await readBody(req, limit);
        const type = req.headers['content-type'];
        if (bytes.length > 0) request.body = isJsonType(type) ? parseJsonBody(bytes.toString('utf8')) : type?.startsWith('text/') ? bytes.toString('utf8') : bytes;
      }
      const value = await run!(request, res);
      if (res.writableEnded || res.headersSent) return;
      if (value === undefined) {
        res.statusCode = res.statusCode === 200 ? 204 : res.statusCode;
        res.end();
      } else {
        send(res, res.statusCode, value);
      }
    } catch (error) {
      const status = statusOf(error);
      if (status >= 500) logFailure(options.log, req.method, req.url, error);
      if (res.headersSent) {
        // Too late for an error response: cut the connection so the client sees the failure.
        res.destroy(error instanceof Error ? error : undefined);
        return;
      }
      send(res, status, errorBody(status, error));
    }
  };
}

/** An `http.Server` whose requests run `handler` (or a router's handlers) as green tasks. */
export function createServer(handler: Handler | Router, options: ServerOptions = {}): Server {
  return createHttpServer(green(handler, options));
}

/** Starts `server` listening (default: any free port on 127.0.0.1); returns once it does. */
export const listen: { (server: Server, options?: ListenOptions): Listening; async(server: Server, options?: ListenOptions): Promise<Listening> } = hidden(listenOn, { name: 'listen' });
