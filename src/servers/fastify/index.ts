/**
 * `greenhack/servers/fastify`: sync handlers in Fastify 5.
 *
 * ```ts
 * import { createServer, green, listen } from 'greenhack/servers/fastify'
 * const app = createServer()                    // Fastify with greenhack's error handler
 * app.get('/orders/:id', green((request) => db.query('select * from orders where id = $1', [request.params.id]).rows[0]))
 * listen(app, { port: 3000 })
 * ```
 *
 * `green(handler)` runs the handler as a green task per request. A value it returns is the reply (Fastify
 * serialises it); if it called `reply.send()` itself, that stands; returning nothing sends 204. Fastify
 * parses JSON bodies (malformed: 400).
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { AddressInfo } from 'node:net';
import { HttpError } from '../../errors.ts';
import { asAsync, hidden } from '../../index.ts';
import { checkFunction } from '../../batteries/green.ts';
import { type AdapterOptions, type ErrorLog, errorBody, type Listening, type ListenOptions, logFailure, statusOf } from '../common.ts';

export { HttpError };
export type { AdapterOptions, ErrorLog, Listening, ListenOptions };

/** A Fastify route handler that runs `handler` as a green task. */
export function green<Req extends FastifyRequest = FastifyRequest, Rep extends FastifyReply = FastifyReply>(handler: (request: Req, reply: Rep) => unknown): (request: Req, reply: Rep) => Promise<unknown> {
  checkFunction('green()', 'the handler', handler);
  const run = asAsync(handler);
  return async function greenHandler(request: Req, reply: Rep): Promise<unknown> {
    const value = await run(request, reply);
    if (reply.sent) return reply;
    if (value === undefined) return reply.code(reply.statusCode === 200 ? 204 : reply.statusCode).send();
    return value;
  };
}

/**
 * For `app.setErrorHandler()`: an error with a 4xx status (Fastify's own 400 for malformed JSON, an
 * `HttpError`) is answered with that status and `{ error: message }`; any other gets 500 and is logged.
 */
export function errorHandler(options: AdapterOptions = {}): (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => void {
  return function greenErrorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
    const status = statusOf(error);
    if (status >= 500) logFailure(options.log, request.method, request.url, error);
    void reply.code(status).send(errorBody(status, error));
  };
}

/** A Fastify instance (its own logger off unless asked for) with `errorHandler(options)` installed. */
export function createServer(options: FastifyServerOptions & AdapterOptions = {}): FastifyInstance {
  const { log, ...fastifyOptions } = options;
  const app = Fastify({ logger: false, ...fastifyOptions }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler({ log }));
  return app;
}

/** Starts a Fastify instance listening (default: any free port on 127.0.0.1); returns once it does. */
export const listen: { (app: FastifyInstance, options?: ListenOptions): Listening; async(app: FastifyInstance, options?: ListenOptions): Promise<Listening> } = hidden(
  async (app: FastifyInstance, options: ListenOptions = {}): Promise<Listening> => {
    const host = options.host ?? '127.0.0.1';
    await app.listen({ port: options.port ?? 0, host });
    const { port } = app.server.address() as AddressInfo;
    return {
      server: app.server,
      port,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      close: hidden(() => app.close(), { name: 'close' }),
    };
  },
  { name: 'listen' },
);
