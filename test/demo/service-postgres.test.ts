// The service on a real PostgreSQL server (DATABASE_URL), with the async/await view; the kitchen closed
// or unreachable (502); and the manage CLI on the same database, from sync code under `greenhack run`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { call, type Database, type Demo, freshDatabase, manage, signIn, startDemo } from './helpers.ts';
import { serviceSuite } from './suite.ts';

let db: Database | undefined;
const database = async (): Promise<Database> => (db ??= await freshDatabase());
after(async () => {
  await db?.drop();
});

serviceSuite('food delivery: async/await view on PostgreSQL', async () => startDemo({ DATABASE_URL: (await database()).url, VIEW: 'async' }), /database postgres:\/\/\S+, async view, async mode\)/);

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('food delivery: the kitchen fails', () => {
  const demos: Demo[] = [];
  after(async () => {
    await Promise.all(demos.map((demo) => demo.stop()));
  });

  test('a closed kitchen (503) gives 502 with its reason; the CLI lists the order as kitchen_failed', async () => {
    const demo = await startDemo({ DATABASE_URL: (await database()).url, KITCHEN_CLOSED: '1' });
    demos.push(demo);
    const token = await signIn(demo.url, 'frank');
    const reply = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'ramen' } });
    assert.equal(reply.status, 502);
    assert.match(reply.body.error, /^order (\d+) was not placed: the kitchen answered 503: the kitchen is closed$/);
    const listed = await manage(['orders', 'list', '--customer', 'frank', '--json'], { DATABASE_URL: (await database()).url });
    assert.equal(listed.code, 0, listed.stderr);
    const [order, ...rest] = JSON.parse(listed.stdout);
    assert.deepEqual(rest, []);
    assert.deepEqual([order.id, order.status, order.etaMins, order.problem], [reply.body.order.id, 'kitchen_failed', null, 'the kitchen answered 503: the kitchen is closed']);
  });

  test('an unreachable kitchen gives 502 saying it could not be reached', async () => {
    const kitchenUrl = `http://127.0.0.1:${await closedPort()}`;
    const demo = await startDemo({ DATABASE_URL: (await database()).url, KITCHEN_URL: kitchenUrl, GREENHACK_MODE: 'async' });
    demos.push(demo);
    assert.match(demo.output(), new RegExp(`\\(kitchen ${kitchenUrl},`));
    const token = await signIn(demo.url, 'grace');
    const reply = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'pho', quantity: 2 } });
    assert.equal(reply.status, 502);
    assert.equal(reply.body.error, `order ${reply.body.order.id} was not placed: the kitchen at ${kitchenUrl} could not be reached (ECONNREFUSED)`);
  });
});

/** A kitchen that misbehaves as each dish asks: answers without minutes, with a long HTML error, or too late. */
function strangeKitchen(): Promise<{ url: string; close(): void }> {
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const { dish } = JSON.parse(body) as { dish: string };
      if (dish === 'no minutes') res.writeHead(201, { 'content-type': 'application/json' }).end('{"eta": 5}');
      else if (dish === 'html error') res.writeHead(500, { 'content-type': 'text/html' }).end(`<html><body>${'Oops '.repeat(100)}</body></html>`);
      else setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"mins": 1}'), 3000);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => {
        server.closeAllConnections();
        server.close();
      } });
    });
  });
}

describe('food delivery: a kitchen that answers strangely', () => {
  test('201 without minutes, a 500 page, or no answer in time: 502 saying which', async () => {
    const kitchen = await strangeKitchen();
    const demo = await startDemo({ DATABASE_URL: (await database()).url, KITCHEN_URL: kitchen.url, KITCHEN_TIMEOUT_MS: '500' });
    try {
      const token = await signIn(demo.url, 'judy');
      const noMinutes = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'no minutes' } });
      assert.equal(noMinutes.status, 502);
      assert.match(noMinutes.body.error, /was not placed: the kitchen answered 201 without \{"mins": <whole minutes>\}: \{"eta": 5\}$/);
      const page = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'html error' } });
      assert.equal(page.status, 502);
      assert.match(page.body.error, /was not placed: the kitchen answered 500: <html><body>(Oops ){30,}Oo?p?…$/);
      assert.ok(page.body.error.length < 300, 'a long answer is cut short');
      const late = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'slow food' } });
      assert.equal(late.status, 502);
      assert.equal(late.body.error, `order ${late.body.order.id} was not placed: the kitchen at ${kitchen.url} did not answer within 500 ms`);
    } finally {
      await demo.stop();
      kitchen.close();
    }
  });
});

describe('food delivery: bad settings', () => {
  test('a port in use, or a PORT that is not a port, stops the start with a message saying what to do', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const DATABASE_URL = (await database()).url;
      await assert.rejects(startDemo({ DATABASE_URL, PORT: String(port) }), new RegExp(`exited \\(status 1\\)[\\s\\S]*food-delivery: port ${port} on 127\\.0\\.0\\.1 is in use: stop what uses it, or choose another port with PORT=…`));
      await assert.rejects(startDemo({ DATABASE_URL, PORT: 'http' }), /exited \(status 1\)[\s\S]*food-delivery: PORT must be a port number from 0 to 65535 \(0: any free port\), got "http"\./);
      await assert.rejects(startDemo({ DATABASE_URL, VIEW: 'fast' }), /food-delivery: VIEW must be sync or async, got "fast"\./);
      await assert.rejects(startDemo({ DATABASE_URL, KITCHEN_TIMEOUT_MS: '0' }), /food-delivery: KITCHEN_TIMEOUT_MS must be a whole number from 1 to 600000, got "0"\./);
    } finally {
      taken.close();
    }
  });
});

describe('food delivery: the manage CLI (greenhack run, sync code over the async driver)', () => {
  let url: string;
  before(async () => {
    url = (await database()).url;
  });

  test('migrate is safe to run again', async () => {
    for (let run = 0; run < 2; run++) {
      const result = await manage(['migrate'], { DATABASE_URL: url });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^migrated postgres:\/\/\S+: the orders table is there\.$/m);
      assert.doesNotMatch(result.stdout, /:greenhack@/, 'the password is masked');
    }
  });

  test('orders create stores an order; orders list shows it, alone when filtered by customer', async () => {
    const created = await manage(['orders', 'create', '--customer', 'heidi', '--dish', 'pad thai', '--quantity', '3', '--json'], { DATABASE_URL: url });
    assert.equal(created.code, 0, created.stderr);
    const order = JSON.parse(created.stdout);
    assert.deepEqual([order.customer, order.dish, order.quantity, order.status], ['heidi', 'pad thai', 3, 'placed']);
    const text = await manage(['orders', 'create', '--customer', 'heidi', '--dish', 'gyoza', '--database', url], {});
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^placed #${order.id + 1} +\\S+ +heidi: 1 × gyoza, placed$`, 'm'));
    const listed = await manage(['orders', 'list', '--customer', 'heidi', '--limit', '5', '--json'], { DATABASE_URL: url });
    assert.deepEqual(JSON.parse(listed.stdout).map((row: { id: number; dish: string }) => [row.id, row.dish]), [[order.id + 1, 'gyoza'], [order.id, 'pad thai']]);
    const all = await manage(['orders', 'list', '--limit', '1'], { DATABASE_URL: url });
    assert.match(all.stdout, new RegExp(`^#${order.id + 1} .*heidi: 1 × gyoza, placed\\n$`));
  });

  test('bad arguments exit with status 2 and say what was wrong; nothing is stored', async () => {
    const before = await manage(['orders', 'list', '--json', '--limit', '200'], { DATABASE_URL: url });
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['orders', 'create', '--customer', 'ivan', '--dish', 'pho', '--quantity', 'lots'], { DATABASE_URL: url }, /"quantity" must be a whole number from 1 to 20, got "lots"/],
      [['orders', 'create', '--customer', 'ivan'], { DATABASE_URL: url }, /"dish" must be 1–60 letters/],
      [['orders', 'create', '--dish', 'pho'], { DATABASE_URL: url }, /customer must be a name/],
      [['orders', 'list', '--limit', '0'], { DATABASE_URL: url }, /limit must be a whole number from 1 to 200/],
      [['orders', 'list', '--colour', 'red'], { DATABASE_URL: url }, /Unknown option '--colour'[\s\S]*Usage:/],
      [['orders', 'delete'], { DATABASE_URL: url }, /unknown command "orders delete"[\s\S]*Usage:/],
      [['orders', 'list'], {}, /no database: set DATABASE_URL or pass --database/],
    ];
    for (const [args, env, message] of cases) {
      const result = await manage(args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
    const afterwards = await manage(['orders', 'list', '--json', '--limit', '200'], { DATABASE_URL: url });
    assert.equal(afterwards.stdout, before.stdout);
  });
});
