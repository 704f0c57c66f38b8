/**
 * `greenhack/servers/express`: sync handlers in Express 5.
 *
 * ```ts
 * import express from 'express'
 * import { green, errorHandler, listen } from 'greenhack/servers/express'
 * const app = express()
 * app.use(express.json())                       // malformed JSON: 400 through errorHandler
 * app.get('/orders/:id', green((req) => db.query('select * from orders where id = $1', [req.params.id]).rows[0]))
 * app.use(errorHandler())                       // last: 4xx as { error }, anything else 500 + logged stack
 * listen(app, { port: 3000 })
 * ```
 *
 * `green(handler)` runs the handler as a green task per request. A value it returns is sent with
 * `res.json()` unless it responded itself; an error goes to Express's error handling (`next(error)`).
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { HttpError } from '../../errors.ts';
import { asAsync, hidden } from '../../index.ts';
import { checkFunction } from '../../batteries/green.ts';
import { type AdapterOptions, type ErrorLog, errorBody, type Listening, type ListenOptions, listenOn, logFailure, statusOf } from '../common.ts';

export { HttpError };
export type { AdapterOptions, ErrorLog, Listening, ListenOptions };

/** A sync Express handler (its hidden calls suspend only its own request). */
export type Handler = (req: Request, res: Response) => unknown;

/** An Express handler that runs `handler` as a green task. */
export function green(handler: Handler): RequestHandler {
  checkFunction('green()', 'the handler', handler);
  const run = asAsync(handler);
  return function greenHandler(req: Request, res: Response, next: NextFunction): Promise<void> {
    return run(req, res).then((value) => {
      if (value !== undefined && !res.headersSent) res.json(value);
      else if (value === undefined && !res.headersSent && !res.writableEnded) res.status(res.statusCode === 200 ? 204 : res.statusCode).end();
    }, next);
  };
}

/**
 * The last middleware: an error with a 4xx `status` (Express's own 400 for malformed JSON, an `HttpError`)
 * is answered with that status and `{ error: message }`; any other gets 500 and is logged with its stack.
 */
export function errorHandler(options: AdapterOptions = {}): ErrorRequestHandler {
  return function greenErrorHandler(error: unknown, req: Request, res: Response, next: NextFunction): void {
    const status = statusOf(error);
    if (status >= 500) logFailure(options.log, req.method, req.originalUrl, error);
    if (res.headersSent) return next(error);
    res.status(status).json(errorBody(status, error));
  };
}

/** Starts an Express app listening (default: any free port on 127.0.0.1); returns once it does. */
export const listen: { (app: (req: never, res: never) => void, options?: ListenOptions): Listening; async(app: (req: never, res: never) => void, options?: ListenOptions): Promise<Listening> } = hidden(
  (app: (req: never, res: never) => void, options?: ListenOptions) => {
    checkFunction('listen()', 'the app', app);
    const server: Server = createServer(app as never);
    return listenOn(server, options);
  },
  { name: 'listen' },
);
