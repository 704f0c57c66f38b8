// Scale-out on a real PostgreSQL server: two instances of the service share the database, and an ETA
// reaches the customer's WebSocket whichever instance placed the order, through LISTEN/NOTIFY
// (examples/food-delivery/pg-notifier.ts). Also: what arrives on the channel is checked before a browser
// sees it, the listener's connection goes away on shutdown, and `INSTANCES=2` runs two cluster workers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createPool, type Pool } from 'greenhack/pg';
import { startKitchen, type Kitchen } from '../../examples/food-delivery/kitchen-client.ts';
import { ETA_CHANNEL, parseEnvelope } from '../../examples/food-delivery/pg-notifier.ts';
import { type Service, startService } from '../../examples/food-delivery/service.ts';
import { type Database, freshDatabase, openSocket, type Socket, startDemo } from './helpers.ts';

let db: Database | undefined;
const database = async (): Promise<Database> => (db ??= await freshDatabase());
let admin: Pool | undefined;
after(async () => {
  await admin?.close.async();
  await db?.drop();
});

/** Connections on the server whose application_name starts with `prefix`, by name (`+ LISTEN`: the listeners). */
async function connections(prefix: string): Promise<Record<string, number>> {
  admin ??= createPool({ url: (await database()).url, max: 1 });
  const { rows } = await admin.query.async<{ name: string; n: number }>("select application_name || case when query ilike 'listen %' then ' + LISTEN' else '' end as name, count(*)::int as n from pg_stat_activity where starts_with(application_name, $1) group by 1 order by 1", [prefix]);
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

/** Waits until `check` passes: a closed client's server process ends a moment after the socket closes. */
async function eventually(check: () => Promise<void>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** POST /orders on a connection of its own (no keep-alive), so a cluster gives each request to a worker in turn. */
function order(url: string, token: string, dish: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ dish, quantity: 1 });
    const req = request(new URL('/orders', url), { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', connection: 'close' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('scale-out: two instances on one PostgreSQL database', () => {
  const app = `scale_${process.pid}`;
  const logs: string[] = [];
  let kitchen: Kitchen;
  let pools: Pool[] = [];
  let a: Service;
  let b: Service;
  const sockets: Socket[] = [];
  let closed = false;

  before(async () => {
    const { url } = await database();
    kitchen = await startKitchen({});
    pools = [createPool({ url, applicationName: `${app}_a` }), createPool({ url, applicationName: `${app}_b` })];
    const common = { kitchenUrl: kitchen.url, sessionSecret: 'shared by both instances', log: (message: string) => logs.push(message) };
    a = await startService({ ...common, db: pools[0]! });
    b = await startService({ ...common, db: pools[1]!, variant: 'async' });
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    try {
      if (!closed) await Promise.all([a?.close(), b?.close()]);
      await Promise.all(pools.map((pool) => (pool.closed ? undefined : pool.close.async())));
    } finally {
      await kitchen?.close();
    }
  });

  const socket = async (service: Service, customer: string): Promise<Socket> => {
    const opened = openSocket(service.wsUrl, service.sessions.issue(customer));
    sockets.push(opened);
    assert.deepEqual(await opened.next(), { type: 'hello', customer });
    return opened;
  };

  test('each instance listens on a connection of its own', async () => {
    const listening = Object.entries(await connections(app)).filter(([name]) => name.endsWith('LISTEN'));
    assert.deepEqual(Object.fromEntries(listening), { [`${app}_a-listen + LISTEN`]: 1, [`${app}_b-listen + LISTEN`]: 1 });
  });

  test("an order placed on B reaches the customer's socket on A (and on B), and no one else's", async () => {
    const adaOnA = await socket(a, 'ada');
    const adaOnB = await socket(b, 'ada');
    const graceOnA = await socket(a, 'grace');
    const placed = await order(b.url, b.sessions.issue('ada'), 'ramen');
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const eta = { type: 'eta', orderId: placed.body.order.id, dish: 'ramen', quantity: 1, mins: placed.body.mins };
    assert.deepEqual(await adaOnA.next(), eta);
    assert.deepEqual(await adaOnB.next(), eta);
    // Grace's next message is her own order's ETA: Ada's never reached her socket.
    const hers = await order(a.url, a.sessions.issue('grace'), 'pho');
    assert.equal(hers.status, 201);
    assert.deepEqual(await graceOnA.next(), { type: 'eta', orderId: hers.body.order.id, dish: 'pho', quantity: 1, mins: hers.body.mins });
    assert.notEqual(hers.body.order.id, placed.body.order.id);
  });

  test('a notification that fails the check is logged and dropped; a valid one still arrives', async () => {
    const linus = await socket(a, 'linus');
    const outsider = createPool({ url: (await database()).url, max: 1, applicationName: `${app}_outsider` });
    try {
      const before = logs.length;
      await outsider.notify.async(ETA_CHANNEL, 'not json');
      await outsider.notify.async(ETA_CHANNEL, JSON.stringify({ customer: 'linus', message: { type: 'eta', orderId: 1, dish: 'x', quantity: 1, mins: 'soon' } }));
      await outsider.notify.async(ETA_CHANNEL, JSON.stringify({ customer: '<script>', message: { type: 'eta', orderId: 1, dish: 'x', quantity: 1, mins: 3 } }));
      await outsider.notify.async(ETA_CHANNEL, JSON.stringify({ customer: 'linus', message: { type: 'hello', customer: 'linus' } }));
      await outsider.notify.async(ETA_CHANNEL, JSON.stringify({ customer: 'linus', message: { type: 'eta', orderId: 7, dish: 'udon', quantity: 2, mins: 9, extra: 'dropped' } }));
      assert.deepEqual(await linus.next(), { type: 'eta', orderId: 7, dish: 'udon', quantity: 2, mins: 9 });
      // Both instances listen: each drops the 4 bad ones (B may still be at it when A delivered).
      const dropped = (): string[] => logs.slice(before).filter((line) => line.includes(`dropped a notification on "${ETA_CHANNEL}"`));
      await eventually(async () => assert.equal(dropped().length, 8, logs.slice(before).join('\n')));
      assert.ok(dropped().some((line) => line.includes('that are not JSON')));
      assert.ok(dropped().some((line) => line.includes('bad customer')));
    } finally {
      await outsider.close.async();
    }
  });

  test('parseEnvelope says what is wrong', () => {
    assert.throws(() => parseEnvelope('[1'), /must be JSON \{customer, message\}/);
    assert.throws(() => parseEnvelope('{"customer":"ada","message":{"type":"eta","orderId":-1,"dish":"x","quantity":1,"mins":1}}'), /whole numbers orderId/);
    assert.throws(() => parseEnvelope('{"customer":"ada"}'), /must carry a message/);
  });

  test('closing the instances closes their listeners: no connection is left', async () => {
    closed = true;
    await a.close();
    await b.close();
    await Promise.all(pools.map((pool) => pool.close.async()));
    await eventually(async () => assert.deepEqual(await connections(app), {}));
  });
});

describe('scale-out: INSTANCES=2 (node:cluster workers on one port)', () => {
  test('two workers listen; ETAs of orders spread over both reach the socket; nothing is left after SIGTERM', async () => {
    const url = new URL((await database()).url);
    const app = `cluster_${process.pid}`;
    url.searchParams.set('application_name', app);
    const demo = await startDemo({ DATABASE_URL: url.href, INSTANCES: '2' });
    try {
      assert.match(demo.output(), /, 2 instances\)/);
      await eventually(async () => assert.equal((await connections(app))[`${app} + LISTEN`], 2));
    } catch (error) {
      await demo.stop();
      throw error;
    }
    try {
      const reply = await fetch(new URL('/session', demo.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"customer":"ada"}' });
      const { token } = (await reply.json()) as { token: string };
      const ada = openSocket(demo.wsUrl, token);
      assert.deepEqual(await ada.next(), { type: 'hello', customer: 'ada' });
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) {
        const placed = await order(demo.url, token, 'ramen');
        assert.equal(placed.status, 201, JSON.stringify(placed.body));
        ids.push(placed.body.order.id);
      }
      const received: number[] = [];
      for (let i = 0; i < 6; i++) received.push((await ada.next()).orderId);
      assert.deepEqual(received.sort((x, y) => x - y), ids.sort((x, y) => x - y));
      ada.close();
    } finally {
      await demo.stop();
    }
    assert.match(demo.output(), /running at/);
    await eventually(async () => assert.deepEqual(await connections(app), {}));
  });
});
