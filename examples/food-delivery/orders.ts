/**
 * Orders: the table, input validation, and a small Django-like model whose `save()` is an ordinary call
 * (a hidden database call underneath: it suspends only the request that makes it). Every statement is
 * parameterised. Each method has an `…Async` twin for the async/await version of the view.
 */
import type { Pool, Queryable } from 'greenhack/pg';
import { HttpError } from 'greenhack/servers/node-http';
import { checkCustomerName, describe } from './sessions.ts';

/** The schema; safe to run again (`manage migrate` and every service start run it). */
export const MIGRATION = `
create table if not exists orders (
  id serial primary key,
  customer text not null check (length(customer) between 1 and 40),
  dish text not null check (length(dish) between 1 and 60),
  quantity integer not null check (quantity between 1 and 20),
  status text not null default 'placed' check (status in ('placed', 'confirmed', 'kitchen_failed')),
  eta_mins integer check (eta_mins between 0 and 1440),
  problem text,
  created_at timestamptz not null default now()
);
create index if not exists orders_customer_id on orders (customer, id desc)`;

export type OrderStatus = 'placed' | 'confirmed' | 'kitchen_failed';

/** An order as JSON (`POST /orders`, `GET /orders`, `manage orders list --json`). */
export interface OrderJson {
  id: number;
  customer: string;
  dish: string;
  quantity: number;
  status: OrderStatus;
  etaMins: number | null;
  problem: string | null;
  createdAt: string;
}

type OrderRow = {
  id: number;
  customer: string;
  dish: string;
  quantity: number;
  status: OrderStatus;
  eta_mins: number | null;
  problem: string | null;
  created_at: Date;
};

interface Statement {
  sql: string;
  params: unknown[];
}

const DISH = /^[\p{L}\p{N}][\p{L}\p{N} ',&-]{0,59}$/u;
const FIELDS = ['dish', 'quantity'];

/** What a customer may send: `{ "dish": "ramen", "quantity": 2 }` (quantity 1–20, default 1). */
export interface OrderInput {
  dish: string;
  quantity: number;
}

/** Checks a request body; a 400 `HttpError` says what was wrong and what is expected. */
export function checkOrderInput(body: unknown): OrderInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || body instanceof Uint8Array) {
    throw new HttpError(400, `the body must be a JSON object like {"dish": "ramen", "quantity": 2}, got ${describe(body)}.`);
  }
  const unknown = Object.keys(body).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) throw new HttpError(400, `unknown field ${JSON.stringify(unknown[0])}: an order has only "dish" and "quantity".`);
  const { dish, quantity = 1 } = body as Record<string, unknown>;
  if (typeof dish !== 'string' || !DISH.test(dish.trim())) {
    throw new HttpError(400, `"dish" must be 1–60 letters, digits, spaces or ' , & - (starting with a letter or digit), got ${describe(dish)}.`);
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 20) {
    throw new HttpError(400, `"quantity" must be a whole number from 1 to 20, got ${describe(quantity)}.`);
  }
  return { dish: dish.trim(), quantity };
}

/** One order. `save()` inserts it (or writes its status back); it runs on the store's database. */
export class Order {
  id: number | undefined = undefined;
  status: OrderStatus = 'placed';
  etaMins: number | null = null;
  problem: string | null = null;
  createdAt: Date | undefined = undefined;

  private readonly db: Queryable;
  readonly customer: string;
  readonly dish: string;
  readonly quantity: number;

  constructor(db: Queryable, customer: string, dish: string, quantity: number) {
    this.db = db;
    this.customer = customer;
    this.dish = dish;
    this.quantity = quantity;
  }

  /** The order of a signed-in customer from a request body (400 when the body is not a valid order). */
  static fromRequest(db: Queryable, customer: string, body: unknown): Order {
    const { dish, quantity } = checkOrderInput(body);
    return new Order(db, checkCustomerName(customer), dish, quantity);
  }

  static fromRow(db: Queryable, row: OrderRow): Order {
    const order = new Order(db, row.customer, row.dish, row.quantity);
    order.id = row.id;
    order.status = row.status;
    order.etaMins = row.eta_mins;
    order.problem = row.problem;
    order.createdAt = row.created_at;
    return order;
  }

  save(): void {
    const { sql, params } = this.statement();
    this.applyRow(this.db.query<OrderRow>(sql, params).rows[0]);
  }

  async saveAsync(): Promise<void> {
    const { sql, params } = this.statement();
    this.applyRow((await this.db.query.async<OrderRow>(sql, params)).rows[0]);
  }

  /** The kitchen accepted it: ready in `mins` minutes. */
  confirm(mins: number): void {
    this.status = 'confirmed';
    this.etaMins = mins;
  }

  /** The kitchen did not take it; `problem` says why. */
  fail(problem: string): void {
    this.status = 'kitchen_failed';
    this.problem = problem.slice(0, 300);
  }

  /** What the kitchen is sent. */
  forKitchen(): { id: number; dish: string; quantity: number } {
    return { id: this.id!, dish: this.dish, quantity: this.quantity };
  }

  toJSON(): OrderJson {
    return { id: this.id!, customer: this.customer, dish: this.dish, quantity: this.quantity, status: this.status, etaMins: this.etaMins, problem: this.problem, createdAt: this.createdAt?.toISOString() ?? '' };
  }

  private statement(): Statement {
    if (this.id === undefined) {
      return { sql: 'insert into orders (customer, dish, quantity, status, eta_mins, problem) values ($1, $2, $3, $4, $5, $6) returning *', params: [this.customer, this.dish, this.quantity, this.status, this.etaMins, this.problem] };
    }
    return { sql: 'update orders set status = $2, eta_mins = $3, problem = $4 where id = $1 returning *', params: [this.id, this.status, this.etaMins, this.problem] };
  }

  private applyRow(row: OrderRow | undefined): void {
    if (row === undefined) throw new Error(`order ${this.id} is no longer in the database`);
    this.id = row.id;
    this.createdAt = row.created_at;
  }
}

/** Most orders one list returns. */
export const MAX_LIST = 200;

/** A `limit` from a query string or the command line: 1–200, default 50. */
export function checkLimit(value: string | null | undefined): number {
  if (value === null || value === undefined || value === '') return 50;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIST)) throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_LIST}, got ${describe(value)}.`);
  return limit;
}

function listStatement(customer: string | undefined, limit: number): Statement {
  return customer === undefined
    ? { sql: 'select * from orders order by id desc limit $1', params: [limit] }
    : { sql: 'select * from orders where customer = $1 order by id desc limit $2', params: [customer, limit] };
}

/** The newest orders, of one customer or of everyone. */
export function listOrders(db: Pool, customer: string | undefined, limit: number): Order[] {
  const { sql, params } = listStatement(customer, limit);
  return db.query<OrderRow>(sql, params).rows.map((row) => Order.fromRow(db, row));
}

export async function listOrdersAsync(db: Pool, customer: string | undefined, limit: number): Promise<Order[]> {
  const { sql, params } = listStatement(customer, limit);
  return (await db.query.async<OrderRow>(sql, params)).rows.map((row) => Order.fromRow(db, row));
}
