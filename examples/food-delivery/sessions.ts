/**
 * Sign-in, kept deliberately small: a customer picks a name and gets a token, the name signed with the
 * service's secret (HMAC-SHA256). Whoever holds the token is that customer: the page sends it as
 * `Authorization: Bearer <token>` on `POST /orders` and `GET /orders`, and as `?token=` on the WebSocket
 * handshake. The customer an order belongs to, and the socket an ETA goes to, come from the token, never
 * from the request body. There are no passwords: this shows where authentication sits, it is not one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError } from 'greenhack/servers/node-http';

const CUSTOMER_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._'-]{0,39}$/u;

/** A customer name: 1–40 letters, digits, spaces or `._'-`, starting with a letter or digit. */
export function checkCustomerName(value: unknown, where = 'customer'): string {
  if (typeof value !== 'string' || !CUSTOMER_NAME.test(value.trim())) {
    throw new HttpError(400, `${where} must be a name of 1–40 letters, digits, spaces or . _ ' - (starting with a letter or digit), got ${describe(value)}.`);
  }
  return value.trim();
}

/** A short description of a bad value for error messages (never the whole of a long string). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return 'a body that is not JSON (send it with Content-Type: application/json)';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

export interface Sessions {
  /** The token of `customer` (a valid name, else a 400 `HttpError`). */
  issue(customer: string): string;
  /** The customer a token belongs to, or `undefined` when it is missing, malformed or not signed by us. */
  verify(token: string | null | undefined): string | undefined;
  /** The customer of a request's `Authorization: Bearer` header, or a 401 `HttpError` saying how to sign in. */
  customerOf(authorization: string | undefined): string;
}

/**
 * Sessions signed with `secret`. Instances that share a secret accept each other's tokens; without one
 * a random secret is made, so tokens last as long as the process.
 */
export function createSessions(secret: string = randomBytes(32).toString('hex')): Sessions {
  if (typeof secret !== 'string' || secret.length < 16) throw new RangeError('createSessions(): the secret must be a string of at least 16 characters (set SESSION_SECRET).');
  const sign = (payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

  function verify(token: string | null | undefined): string | undefined {
    if (typeof token !== 'string' || token.length > 200) return undefined;
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
    const expected = sign(payload);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return Buffer.from(payload, 'base64url').toString('utf8');
  }

  return {
    issue(customer) {
      const payload = Buffer.from(checkCustomerName(customer), 'utf8').toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    verify,
    customerOf(authorization) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      const customer = verify(token);
      if (customer === undefined) {
        throw new HttpError(401, token === undefined ? 'sign in first: POST /session {"customer": "<your name>"} gives a token; send it as "Authorization: Bearer <token>".' : 'the token is not valid here (the service may have restarted with a new secret): sign in again with POST /session.');
      }
      return customer;
    },
  };
}
