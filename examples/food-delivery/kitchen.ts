/**
 * The kitchen: a separate service on its own port (started by `npm start`, or on its own with
 * `greenhack run examples/food-delivery/kitchen.ts`). `POST /orders {"id", "dish", "quantity"}` answers
 * `201 {"mins": n}` for a dish on the menu; anything else is an error the delivery service must report:
 *
 * - a dish not on the menu: `422 {"error": "… is not on the menu"}`;
 * - `KITCHEN_CLOSED=1`: every order gets `503 {"error": "the kitchen is closed"}`;
 * - `KITCHEN_DELAY_MS=n`: each order takes n ms to acknowledge (a busy kitchen, for load tests).
 *
 * `KITCHEN_PORT` picks the port (default: any free one) and `KITCHEN_HOST` the address (127.0.0.1). It
 * prints `kitchen listening on <url>` once it listens, and stops when its standard input ends, so a
 * kitchen started by the service never outlives it.
 */
import { sleep } from 'greenhack';
import { createRouter, createServer, HttpError, listen } from 'greenhack/servers/node-http';

/** Minutes to cook one portion; each further portion adds two. */
export const MENU: Readonly<Record<string, number>> = { ramen: 12, pho: 10, gyoza: 6, curry: 15, 'pad thai': 11, bibimbap: 14, tiramisu: 4 };

function envInteger(name: string, fallback: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= max)) throw new RangeError(`${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(text)}.`);
  return value;
}

const closed = process.env.KITCHEN_CLOSED === '1';
const delayMs = envInteger('KITCHEN_DELAY_MS', 0, 60_000);

/** The status and body of the kitchen's answer to an order. */
function takeOrder(body: unknown): { status: number; answer: { mins: number } | { error: string } } {
  const { id, dish, quantity } = (body ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(id) || typeof dish !== 'string' || !Number.isInteger(quantity) || (quantity as number) < 1) {
    throw new HttpError(400, 'an order is {"id": <integer>, "dish": <string>, "quantity": <integer ≥ 1>}');
  }
  if (closed) return { status: 503, answer: { error: 'the kitchen is closed' } };
  const minutes = MENU[dish.toLowerCase()];
  if (minutes === undefined) return { status: 422, answer: { error: `${JSON.stringify(dish)} is not on the menu (we cook ${Object.keys(MENU).join(', ')})` } };
  if (delayMs > 0) sleep(delayMs);
  return { status: 201, answer: { mins: minutes + 2 * ((quantity as number) - 1) } };
}

const router = createRouter()
  .get('/menu', () => MENU)
  .post('/orders', (req, res) => {
    const { status, answer } = takeOrder(req.body);
    res.statusCode = status;
    return answer;
  });

const server = createServer(router);
const { url } = listen(server, { port: envInteger('KITCHEN_PORT', 0, 65_535), host: process.env.KITCHEN_HOST || '127.0.0.1' });
console.log(`kitchen listening on ${url}`);

// Stop when whoever started us closes our stdin (or exits); a terminal's stdin stays open.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
