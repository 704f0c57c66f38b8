/**
 * The same views written with async/await, served by a plain `node:http` listener with no green tasks:
 * the baseline the benchmarks compare the sync-style view against (`startService({ variant: 'async' })`).
 * Every call that does I/O is awaited, and so is every function that calls one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpResponse } from 'greenhack/http';
import { kitchenUnreachable, type KitchenOutcome, readKitchenReply } from './kitchen-client.ts';
import { checkLimit, listOrdersAsync, Order, type OrderJson } from './orders.ts';
import type { StaticFile } from './service.ts';
import type { Deps, PlaceOrderResult } from './view.ts';

/** Largest request body read, in bytes. */
export const BODY_LIMIT: number = 16 * 1024;

export function createAsyncViews({ db, kitchen, kitchenUrl, notifier, sessions }: Deps) {
  async function placeOrder(req: IncomingMessage, body: unknown, res: ServerResponse): Promise<PlaceOrderResult> {
    const customer = sessions.customerOf(req.headers.authorization);
    const order = Order.fromRequest(db, customer, body);
    await order.saveAsync();
    const outcome = await askKitchen(order);
    if ('mins' in outcome) {
      order.confirm(outcome.mins);
      await order.saveAsync();
      await notifier.publishAsync(customer, { type: 'eta', orderId: order.id!, dish: order.dish, quantity: order.quantity, mins: outcome.mins });
      res.statusCode = 201;
      return { order: order.toJSON(), mins: outcome.mins };
    }
    order.fail(outcome.problem);
    await order.saveAsync();
    res.statusCode = 502;
    return { error: `order ${order.id} was not placed: ${outcome.problem}`, order: order.toJSON() };
  }

  async function askKitchen(order: Order): Promise<KitchenOutcome> {
    let reply: HttpResponse;
    try {
      reply = await kitchen.post.async('/orders', { json: order.forKitchen() });
    } catch (error) {
      return kitchenUnreachable(error, kitchenUrl);
    }
    return readKitchenReply(reply);
  }

  async function listOrders(req: IncomingMessage, query: URLSearchParams): Promise<{ orders: OrderJson[] }> {
    const customer = sessions.customerOf(req.headers.authorization);
    const orders = await listOrdersAsync(db, customer, checkLimit(query.get('limit')));
    return { orders: orders.map((order) => order.toJSON()) };
  }

  function signIn(body: unknown, res: ServerResponse): { customer: string; token: string } {
    const token = sessions.issue((body as { customer?: unknown } | undefined)?.customer as string);
    res.statusCode = 201;
    return { customer: sessions.verify(token)!, token };
  }

  return { placeOrder, listOrders, signIn };
}

class RequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new RequestError(413, `request body larger than ${BODY_LIMIT} bytes`);
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;
  // As greenhack's adapter does: JSON parsed, text as a string, anything else as bytes.
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) return type.startsWith('text/') ? text : bytes;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `malformed JSON body: ${(error as Error).message}`);
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The request listener of the async variant: the same routes and answers as the sync one. */
export function createAsyncListener(deps: Deps, files: Record<string, StaticFile>, log: (message: string) => void): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const views = createAsyncViews(deps);
  const routes: Record<string, string[]> = { '/orders': ['GET', 'POST'], '/session': ['POST'] };
  for (const path of Object.keys(files)) routes[path] = ['GET'];
  return async (req, res) => {
    const method = req.method ?? 'GET';
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const allowed = routes[url.pathname];
      if (allowed === undefined) throw new RequestError(404, `no route for ${method} ${url.pathname}`);
      if (!allowed.includes(method) && !(method === 'HEAD' && allowed.includes('GET'))) {
        res.setHeader('allow', allowed.join(', '));
        throw new RequestError(405, `${method} is not allowed on ${url.pathname}`);
      }
      const file = files[url.pathname];
      if (file !== undefined) return file.send(res);
      if (method === 'GET') return sendJson(res, 200, await views.listOrders(req, url.searchParams));
      const body = await readJsonBody(req);
      const value = url.pathname === '/session' ? views.signIn(body, res) : await views.placeOrder(req, body, res);
      sendJson(res, res.statusCode, value);
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) return sendJson(res, status, { error: (error as Error).message });
      log(`${method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}`);
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'Internal Server Error' });
    }
  };
}
