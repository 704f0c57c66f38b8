/**
 * `greenhack/servers/hono`: sync handlers in Hono, served on Node by `@hono/node-server`.
 *
 * ```ts
 * import { createApp, green, jsonBody, listen } from 'greenhack/servers/hono'
 * const app = createApp()                              // Hono with greenhack's error handler
 * app.get('/orders/:id', green((c) => c.json(findOrder(c.req.param('id')))))
 * app.post('/orders', green((c) => saveOrder(jsonBody(c))))  // a returned value is sent as JSON
 * listen(app, { port: 3000 })
 * ```
 *
 * `green(handler)` reads a JSON body first (malformed: 400), then runs the handler as a green task; the
 * handler gets the parsed body from `jsonBody(c)` (Hono's own `c.req.json()` is async). It may return a
 * `Response` (`c.json(…)`, `c.text(…)`), any other value (sent as JSON), or nothing (204).
 */
import { serve } from '@hono/node-server';
import type { Context, ErrorHandler, Handler, Hono as HonoApp } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from '../../errors.ts';
import { asAsync, hidden } from '../../index.ts';
import { checkFunction } from '../../batteries/green.ts';
import { type AdapterOptions, type ErrorLog, errorBody, isJsonType, type Listening, type ListenOptions, logFailure, parseJsonBody, statusOf } from '../common.ts';

export { HttpError };
export type { AdapterOptions, ErrorLog, Listening, ListenOptions };

const bodies = new WeakMap<Context, unknown>();

/** The request's JSON body, parsed by `green()` before the handler ran (undefined if it had none). */
export function jsonBody<T = unknown>(c: Context): T {
  return bodies.get(c) as T;
}

/** A Hono handler that runs `handler` as a green task. */
export function green(handler: (c: Context) => unknown): Handler {
  checkFunction('green()', 'the handler', handler);
  const run = asAsync(handler);
  return async function greenHandler(c: Context): Promise<Response> {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && isJsonType(c.req.header('content-type'))) {
      bodies.set(c, parseJsonBody(await c.req.text()));
    }
    const value = await run(c);
    if (value instanceof Response) return value;
    if (value === undefined) return c.body(null, 204);
    return c.json(value as never);
  };
}

/**
 * For `app.onError()`: an error with a 4xx status (`HttpError`, Hono's `HTTPException`, malformed JSON) is
 * answered with that status and `{ error: message }`; any other gets 500 and is logged with its stack.
 */
export function errorHandler(options: AdapterOptions = {}): ErrorHandler {
  return function greenErrorHandler(error: Error, c: Context): Response {
    if (error instanceof HTTPException && error.res !== undefined) return error.getResponse();
    const status = statusOf(error);
    if (status >= 500) logFailure(options.log, c.req.method, c.req.url, error);
    return c.json(errorBody(status, error), status as never);
  };
}

/** A Hono app with `errorHandler(options)` installed. */
export function createApp(options: AdapterOptions = {}): HonoApp {
  const app = new Hono();
  app.onError(errorHandler(options));
  return app;
}

/** Serves a Hono app on Node (default: any free port on 127.0.0.1); returns once it listens. */
export const listen: { (app: HonoApp, options?: ListenOptions): Listening; async(app: HonoApp, options?: ListenOptions): Promise<Listening> } = hidden(
  (app: HonoApp, options: ListenOptions = {}): Promise<Listening> => {
    const host = options.host ?? '127.0.0.1';
    return new Promise<Listening>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => {
        server.removeListener('error', reject);
        resolve({
          server: server as Server,
          port: info.port,
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          close: hidden(
            () =>
              new Promise<void>((done, fail) => {
                server.close((error?: Error) => (error ? fail(error) : done()));
                (server as Server).closeIdleConnections?.();
              }),
            { name: 'close' },
          ),
        });
      });
      server.once('error', reject);
    });
  },
  { name: 'listen' },
);
