// The service on a real PostgreSQL server (DATABASE_URL), with the async/await view; the kitchen closed
// or unreachable (502); and the manage CLI on the same database, from sync code under `greenhack run`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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
