// A request handler: parse a small JSON body, three calls to an in-memory async store, build JSON output.
// `handle` is the sync-style version (hidden calls, run as a green task); `handleAsync` is the same
// handler written with async/await against the very same store functions.
import { hidden } from 'greenhack';

interface User {
  id: number;
  name: string;
  zone: string;
}
interface MenuItem {
  id: number;
  name: string;
  price: number;
}
interface OrderLine {
  itemId: number;
  qty: number;
}
interface OrderRequest {
  userId: number;
  lines: OrderLine[];
  note?: string;
}
interface PricedLine {
  name: string;
  qty: number;
  amount: number;
}

const users = new Map<number, User>();
const menu = new Map<number, MenuItem>();
for (let i = 0; i < 100; i++) users.set(i, { id: i, name: `user ${i}`, zone: i % 2 ? 'north' : 'south' });
for (let i = 0; i < 50; i++) menu.set(i, { id: i, name: `dish ${i}`, price: 4 + (i % 9) * 1.25 });
let orderCount = 0;

/** While set, every store call waits on it (the memory job holds requests in flight this way). */
let gate: Promise<void> | null = null;
let openGate: () => void = () => {};
export function closeStore(): void {
  gate = new Promise((resolve) => {
    openGate = resolve;
  });
}
export function openStore(): void {
  gate = null;
  openGate();
}

// --- the store: ordinary async functions (no callbacks: both compiles keep them byte-identical) ----------
export async function findUser(id: number): Promise<User | undefined> {
  if (gate) await gate;
  return users.get(id);
}
export async function findItems(ids: number[]): Promise<MenuItem[]> {
  if (gate) await gate;
  const items: MenuItem[] = [];
  for (const id of ids) items.push(menu.get(id)!);
  return items;
}
export async function saveOrder(order: { userId: number; total: number; lines: PricedLine[] }): Promise<{ id: number; eta: number }> {
  if (gate) await gate;
  orderCount++;
  return { id: orderCount, eta: 15 + (order.lines.length % 4) * 5 };
}

// --- shared sync helpers -------------------------------------------------------------------------------
function price(line: OrderLine, item: MenuItem): PricedLine {
  return { name: item.name, qty: line.qty, amount: Math.round(item.price * line.qty * 100) / 100 };
}
function sum(lines: PricedLine[]): number {
  let total = 0;
  for (const line of lines) total += line.amount;
  return Math.round(total * 100) / 100;
}

// --- sync style, with greenhack ---------------------------------------------------------------------------
const getUser = hidden(findUser);
const getItems = hidden(findItems);
const putOrder = hidden(saveOrder);

export function handle(body: string): string {
  const request = JSON.parse(body) as OrderRequest;
  const user = getUser(request.userId);
  if (!user) return JSON.stringify({ error: 'no such user' });
  const items = getItems(request.lines.map((line) => line.itemId));
  const lines = request.lines.map((line, i) => price(line, items[i]!));
  const total = sum(lines);
  const saved = putOrder({ userId: user.id, total, lines });
  return JSON.stringify({ order: saved.id, customer: user.name, zone: user.zone, lines, total, eta: saved.eta });
}

// --- the same handler with async/await ----------------------------------------------------------------------
export async function handleAsync(body: string): Promise<string> {
  const request = JSON.parse(body) as OrderRequest;
  const user = await findUser(request.userId);
  if (!user) return JSON.stringify({ error: 'no such user' });
  const items = await findItems(request.lines.map((line) => line.itemId));
  const lines = request.lines.map((line, i) => price(line, items[i]!));
  const total = sum(lines);
  const saved = await saveOrder({ userId: user.id, total, lines });
  return JSON.stringify({ order: saved.id, customer: user.name, zone: user.zone, lines, total, eta: saved.eta });
}

// --- the same handler, sync, against any sync store (the server scenario passes a blocking worker bridge) ---
export interface SyncStore {
  findUser(id: number): User | undefined;
  findItems(ids: number[]): MenuItem[];
  saveOrder(order: { userId: number; total: number; lines: PricedLine[] }): { id: number; eta: number };
}
export function handleSync(body: string, store: SyncStore): string {
  const request = JSON.parse(body) as OrderRequest;
  const user = store.findUser(request.userId);
  if (!user) return JSON.stringify({ error: 'no such user' });
  const items = store.findItems(request.lines.map((line) => line.itemId));
  const lines = request.lines.map((line, i) => price(line, items[i]!));
  const total = sum(lines);
  const saved = store.saveOrder({ userId: user.id, total, lines });
  return JSON.stringify({ order: saved.id, customer: user.name, zone: user.zone, lines, total, eta: saved.eta });
}

/** Request bodies to cycle through. */
export const BODIES: string[] = Array.from({ length: 64 }, (_, i) =>
  JSON.stringify({ userId: i % 100, lines: Array.from({ length: 1 + (i % 4) }, (_, j) => ({ itemId: (i * 7 + j) % 50, qty: 1 + (j % 3) })), note: i % 5 ? undefined : 'no onions' }),
);
