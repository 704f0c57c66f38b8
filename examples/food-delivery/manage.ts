/**
 * The food-delivery admin commands, like Django's `manage.py`. Run with `greenhack run`, so this file's
 * top-level code is a green task and the async database driver is called as ordinary sync code:
 *
 *   node dist/cli/main.js run examples/food-delivery/manage.ts migrate
 *   node dist/cli/main.js run examples/food-delivery/manage.ts orders list [--customer NAME] [--limit N] [--json]
 *   node dist/cli/main.js run examples/food-delivery/manage.ts orders create --customer NAME --dish DISH [--quantity N] [--json]
 *
 * The database is DATABASE_URL (or --database URL): postgres://… or pglite:///absolute/directory.
 */
import { parseArgs } from 'node:util';
import { createPool, DatabaseError } from 'greenhack/pg';
import { HttpError } from 'greenhack/servers/node-http';
import { checkLimit, listOrders, MIGRATION, Order } from './orders.ts';

const USAGE = `Usage: greenhack run examples/food-delivery/manage.ts <command> [options]

Commands:
  migrate                              Create the orders table (safe to run again).
  orders list [--customer NAME] [--limit N] [--json]
                                       The newest orders (default 50, at most 200).
  orders create --customer NAME --dish DISH [--quantity N] [--json]
                                       Store an order (it is not sent to the kitchen).

Options:
  --database URL   The database (default: DATABASE_URL): postgres://user:password@host/db,
                   or pglite:///absolute/directory for an embedded one kept on disk.
`;

/** A mistake on the command line: the message, then the usage, and exit status 2. */
class UsageError extends Error {}

function parse(): { command: string; values: Record<string, string | boolean | undefined> } {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      database: { type: 'string' },
      customer: { type: 'string' },
      dish: { type: 'string' },
      quantity: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { command: values.help ? 'help' : positionals.join(' '), values };
}

function databaseUrl(values: Record<string, unknown>): string {
  const url = (values.database as string | undefined) || process.env.DATABASE_URL;
  if (!url) throw new UsageError('no database: set DATABASE_URL or pass --database (an in-memory database would be gone when this command ends).');
  return url;
}

/** A number for digits; anything else is passed on as it is, for the order's own check to report. */
function quantityOf(text: string | undefined): unknown {
  if (text === undefined) return 1;
  return /^\d+$/.test(text) ? Number(text) : text;
}

function describeOrder(order: Order): string {
  const eta = order.status === 'confirmed' ? `ready in ${order.etaMins} min` : order.status.replace('_', ' ');
  return `#${order.id}  ${order.createdAt?.toISOString()}  ${order.customer}: ${order.quantity} × ${order.dish}, ${eta}`;
}

function run(): number {
  let parsed;
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { command, values } = parsed;
  if (command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!['migrate', 'orders list', 'orders create'].includes(command)) throw new UsageError(command === '' ? 'missing command.' : `unknown command "${command}".`);
  const db = createPool({ url: databaseUrl(values) });
  try {
    if (command === 'migrate') {
      db.exec(MIGRATION);
      console.log(`migrated ${db.url}: the orders table is there.`);
    } else if (command === 'orders list') {
      const customer = values.customer as string | undefined;
      const orders = listOrders(db, customer, checkLimit(values.limit as string | undefined));
      if (values.json) console.log(JSON.stringify(orders.map((order) => order.toJSON())));
      else if (orders.length === 0) console.log(customer === undefined ? 'no orders yet.' : `no orders from ${customer}.`);
      else for (const order of orders) console.log(describeOrder(order));
    } else {
      const order = Order.fromRequest(db, (values.customer as string | undefined) ?? '', { dish: values.dish, quantity: quantityOf(values.quantity as string | undefined) });
      order.save();
      console.log(values.json ? JSON.stringify(order.toJSON()) : `placed ${describeOrder(order)}`);
    }
  } finally {
    db.close();
  }
  return 0;
}

try {
  process.exitCode = run();
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`manage: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof HttpError) {
    process.stderr.write(`manage: ${error.message}\n`); // bad input: the order's own check says what is expected
    process.exitCode = 2;
  } else if (error instanceof DatabaseError) {
    process.stderr.write(`manage: the database refused: ${error.message}\n${error.code === '42P01' ? 'manage: run "migrate" first.\n' : ''}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
