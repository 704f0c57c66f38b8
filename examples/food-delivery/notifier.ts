/**
 * How an ETA reaches a customer's browser: the role Django channels gives its channel layer. The view only
 * calls `publish(customer, message)`; a notifier decides how the message gets to the customer's sockets.
 *
 * `LocalNotifier` delivers to sockets open on this process. `PgNotifier` (pg-notifier.ts), for several
 * instances on one PostgreSQL database, notifies a channel every instance LISTENs on, and each hands what
 * arrives to a `LocalNotifier` of its own; `startService` picks it for a `postgres://` database.
 */
import { Registry, type WebSocketConnection } from 'greenhack/ws';

/** What a customer's sockets receive. */
export type CustomerMessage =
  | { type: 'hello'; customer: string }
  | { type: 'eta'; orderId: number; dish: string; quantity: number; mins: number };

export interface Notifier {
  /** Delivers `connection` the customer's messages until it closes. */
  subscribe(customer: string, connection: WebSocketConnection): void;
  /** Sends `message` to every socket of `customer` (sync style: call it from green code, it may suspend). */
  publish(customer: string, message: CustomerMessage): void;
  /** The same, from async/await code. */
  publishAsync(customer: string, message: CustomerMessage): Promise<void>;
  /** Stops delivering (the sockets themselves are closed by the WebSocket server). */
  close(): Promise<void>;
}

/** Delivers to the sockets connected to this process, through a `greenhack/ws` registry. */
export class LocalNotifier implements Notifier {
  readonly registry: Registry<string> = new Registry<string>();

  subscribe(customer: string, connection: WebSocketConnection): void {
    this.registry.add(customer, connection);
  }

  publish(customer: string, message: CustomerMessage): void {
    this.registry.sendJson(customer, message);
  }

  async publishAsync(customer: string, message: CustomerMessage): Promise<void> {
    await this.registry.sendJson.async(customer, message);
  }

  async close(): Promise<void> {}
}
