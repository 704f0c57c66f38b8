/**
 * The channel layer for several instances: PostgreSQL `LISTEN/NOTIFY`. `publish` only notifies; every
 * instance (the publisher included) LISTENs on the same channel and hands what arrives to the sockets
 * open on itself, so an ETA reaches the customer whichever instance placed the order and whichever one
 * holds the socket. Notifications are delivered at most once per listener and only while it listens
 * (PostgreSQL keeps no backlog for a listener that was not there): that fits an ETA pushed to an open
 * page, and the order itself is in the database for `GET /orders`.
 */
import type { Pool, Subscription } from 'greenhack/pg';
import type { WebSocketConnection } from 'greenhack/ws';
import { type CustomerMessage, LocalNotifier, type Notifier } from './notifier.ts';
import { checkCustomerName } from './sessions.ts';

/** The default channel; instances that should see each other's ETAs must use the same one. */
export const ETA_CHANNEL = 'food_delivery_eta';

/** What travels on the channel: the customer and the message, as JSON. */
export interface Envelope {
  customer: string;
  message: CustomerMessage;
}

const isWhole = (value: unknown, max: number): value is number => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= max;

/**
 * The envelope in `payload`, or a `TypeError` saying what is wrong with it. Anyone allowed to connect to
 * the database can NOTIFY on the channel, so what arrives is checked as carefully as a request body
 * before it is sent to a browser.
 */
export function parseEnvelope(payload: string): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    throw new TypeError(`an ETA notification must be JSON {customer, message}, got ${payload.length} characters that are not JSON.`);
  }
  const { customer, message } = (value ?? {}) as { customer?: unknown; message?: Record<string, unknown> };
  let name: string;
  try {
    name = checkCustomerName(customer);
  } catch (error) {
    throw new TypeError(`an ETA notification has a bad customer: ${(error as Error).message}`);
  }
  if (typeof message !== 'object' || message === null || message.type !== 'eta') {
    throw new TypeError('an ETA notification must carry a message {type: "eta", orderId, dish, quantity, mins}.');
  }
  const { orderId, dish, quantity, mins } = message;
  if (!isWhole(orderId, Number.MAX_SAFE_INTEGER) || typeof dish !== 'string' || dish.length === 0 || dish.length > 100 || !isWhole(quantity, 1000) || !isWhole(mins, 100_000)) {
    throw new TypeError('an ETA notification must carry whole numbers orderId, quantity and mins, and a dish name of 1–100 characters.');
  }
  return { customer: name, message: { type: 'eta', orderId, dish, quantity, mins } };
}

export interface PgNotifierOptions {
  /** The channel (a lower-case identifier); default `food_delivery_eta`. */
  channel?: string;
  /** Where notifications that fail the check are reported (default stderr); they are dropped. */
  log?: (message: string) => void;
}

/** Publishes through `pg_notify` and delivers what the channel brings to this process's sockets. */
export class PgNotifier implements Notifier {
  private readonly local = new LocalNotifier();
  private subscription: Subscription | undefined;

  private constructor(
    private readonly db: Pool,
    readonly channel: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Starts listening on `db` (a connection of its own); returns once the LISTEN is in place. */
  static async start(db: Pool, options: PgNotifierOptions = {}): Promise<PgNotifier> {
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    const notifier = new PgNotifier(db, options.channel ?? ETA_CHANNEL, log);
    notifier.subscription = await db.listen.async(notifier.channel, (payload) => notifier.deliver(payload), {
      onError: (error) => log(`food-delivery: the ETA channel "${notifier.channel}" failed, ETAs from other instances stop arriving: ${error instanceof Error ? error.message : String(error)}`),
    });
    return notifier;
  }

  /** The sockets of this process, by customer (for tests and metrics). */
  get registry(): LocalNotifier['registry'] {
    return this.local.registry;
  }

  subscribe(customer: string, connection: WebSocketConnection): void {
    this.local.subscribe(customer, connection);
  }

  publish(customer: string, message: CustomerMessage): void {
    this.db.notify(this.channel, JSON.stringify({ customer, message } satisfies Envelope));
  }

  async publishAsync(customer: string, message: CustomerMessage): Promise<void> {
    await this.db.notify.async(this.channel, JSON.stringify({ customer, message } satisfies Envelope));
  }

  async close(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close.async();
  }

  private deliver(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = parseEnvelope(payload);
    } catch (error) {
      this.log(`food-delivery: dropped a notification on "${this.channel}": ${(error as Error).message}`);
      return;
    }
    this.local.publish(envelope.customer, envelope.message);
  }
}

/** A server URL (several instances can share it) rather than an embedded PGlite one. */
export function isServerUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}
