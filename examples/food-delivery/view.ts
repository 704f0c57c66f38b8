/**
 * The views, as ordinary synchronous code: no `async`, no `await`. Each request runs as a green task
 * (the server adapter does that), so `order.save()` and `kitchen.post()` suspend only this request while
 * the event loop serves the others. view-async.ts is the same written with async/await.
 */
import type { ServerResponse } from 'node:http';
import type { HttpClient, HttpResponse } from 'greenhack/http';
import type { Pool } from 'greenhack/pg';
import type { GreenRequest } from 'greenhack/servers/node-http';
import { kitchenUnreachable, type KitchenOutcome, readKitchenReply } from './kitchen-client.ts';
import type { Notifier } from './notifier.ts';
import { checkLimit, listOrders, Order, type OrderJson } from './orders.ts';
import type { Sessions } from './sessions.ts';

/** What the views use; `startService` makes it. */
export interface Deps {
  db: Pool;
  /** An HTTP client whose `baseUrl` is the kitchen's (and whose `timeout` bounds each call). */
  kitchen: HttpClient;
  kitchenUrl: string;
  notifier: Notifier;
  sessions: Sessions;
}

/** `POST /orders`: 201 with the ETA, or 502 when the kitchen does not take the order. */
export type PlaceOrderResult = { order: OrderJson; mins: number } | { error: string; order: OrderJson };

export interface Views {
  placeOrder(req: GreenRequest, res: ServerResponse): PlaceOrderResult;
  listOrders(req: GreenRequest): { orders: OrderJson[] };
  signIn(req: GreenRequest, res: ServerResponse): { customer: string; token: string };
}

export function createViews({ db, kitchen, kitchenUrl, notifier, sessions }: Deps): Views {
  /** The article's view: save the order, ask the kitchen, push the ETA to the customer, answer. */
  function placeOrder(req: GreenRequest, res: ServerResponse): PlaceOrderResult {
    const customer = sessions.customerOf(req.headers.authorization);
    const order = Order.fromRequest(db, customer, req.body);
    order.save();
    const outcome = askKitchen(order);
    if ('mins' in outcome) {
      order.confirm(outcome.mins);
      order.save();
      notifier.publish(customer, { type: 'eta', orderId: order.id!, dish: order.dish, quantity: order.quantity, mins: outcome.mins });
      res.statusCode = 201;
      return { order: order.toJSON(), mins: outcome.mins };
    }
    order.fail(outcome.problem);
    order.save();
    res.statusCode = 502;
    return { error: `order ${order.id} was not placed: ${outcome.problem}`, order: order.toJSON() };
  }

  function askKitchen(order: Order): KitchenOutcome {
    let reply: HttpResponse;
    try {
      reply = kitchen.post('/orders', { json: order.forKitchen() });
    } catch (error) {
      return kitchenUnreachable(error, kitchenUrl);
    }
    return readKitchenReply(reply);
  }

  return {
    placeOrder,
    listOrders(req) {
      const customer = sessions.customerOf(req.headers.authorization);
      return { orders: listOrders(db, customer, checkLimit(req.query.get('limit'))).map((order) => order.toJSON()) };
    },
    signIn(req, res) {
      const body = req.body as { customer?: unknown } | undefined;
      const token = sessions.issue(body?.customer as string);
      res.statusCode = 201;
      return { customer: sessions.verify(token)!, token };
    },
  };
}
