/** Connected consumers by key: send to every connection of a key, or to everyone. */
import { describeValue } from '../batteries/green.ts';
import { type Data, type GreenMethod, WebSocketConnection, wsHidden } from './connection.ts';

/**
 * Connected consumers by key (a customer, a user, a room): several connections may share a key. A
 * connection leaves the registry by itself when it closes.
 */
export class Registry<K = string> {
  private readonly entries = new Map<K, Set<WebSocketConnection>>();
  /** Sends to every open connection under `key`; returns how many got it. */
  readonly send: GreenMethod<[key: K, data: Data], number>;
  /** Sends `JSON.stringify(value)` to every open connection under `key`; returns how many got it. */
  readonly sendJson: GreenMethod<[key: K, value: unknown], number>;
  /** Sends `JSON.stringify(value)` to every connection in the registry; returns how many got it. */
  readonly broadcastJson: GreenMethod<[value: unknown], number>;

  constructor() {
    const deliver = async (targets: WebSocketConnection[], data: Data): Promise<number> => {
      const results = await Promise.allSettled(targets.filter((connection) => !connection.closed).map((connection) => connection.send.async(data)));
      return results.filter((result) => result.status === 'fulfilled').length;
    };
    // Sync mode: each write is started and not waited for; the count is of the open connections written to.
    const deliverNow = (targets: WebSocketConnection[], data: Data): number => {
      const open = targets.filter((connection) => !connection.closed);
      for (const connection of open) void connection.send.async(data).catch(() => {});
      return open.length;
    };
    const everyone = (): WebSocketConnection[] => [...new Set([...this.entries.values()].flatMap((set) => [...set]))];
    this.send = wsHidden('send', (key: K, data: Data) => deliver(this.get(key), data), (key: K, data: Data) => deliverNow(this.get(key), data));
    this.sendJson = wsHidden('sendJson', (key: K, value: unknown) => deliver(this.get(key), JSON.stringify(value)), (key: K, value: unknown) => deliverNow(this.get(key), JSON.stringify(value)));
    this.broadcastJson = wsHidden('broadcastJson', (value: unknown) => deliver(everyone(), JSON.stringify(value)), (value: unknown) => deliverNow(everyone(), JSON.stringify(value)));
  }

  /** Registers `connection` under `key` (until it closes, or `delete`). */
  add(key: K, connection: WebSocketConnection): void {
    if (!(connection instanceof WebSocketConnection)) throw new TypeError(`Registry.add(): the connection must be a WebSocketConnection, got ${describeValue(connection)}.`);
    if (connection.closed) return;
    let set = this.entries.get(key);
    if (set === undefined) this.entries.set(key, (set = new Set()));
    set.add(connection);
    connection.onClose(() => this.delete(key, connection));
  }

  /** Removes `connection` from `key`, or every connection under `key`. True if something was removed. */
  delete(key: K, connection?: WebSocketConnection): boolean {
    const set = this.entries.get(key);
    if (set === undefined) return false;
    const removed = connection === undefined ? set.size > 0 : set.delete(connection);
    if (connection === undefined || set.size === 0) this.entries.delete(key);
    return removed;
  }

  /** The open connections under `key`. */
  get(key: K): WebSocketConnection[] {
    return [...(this.entries.get(key) ?? [])].filter((connection) => !connection.closed);
  }

  has(key: K): boolean {
    return this.get(key).length > 0;
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  /** Keys with at least one connection. */
  get size(): number {
    return this.entries.size;
  }
}
