// greenhack/pg over a real PostgreSQL server (pg-server.ts finds or starts one): the shared suite, plus what
// only a server does (several connections at once, cancelling a running query, connections counted on the
// server). Everything happens in a schema of its own, dropped at the end.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { asAsync, Cancelled, Event, GreenhackError, spawn } from 'greenhack';
import { createPool, DatabaseError, type Pool } from 'greenhack/pg';
import { caught, eventually, waitUntil } from './helpers.ts';
import { assertSettled, mode, pgSuite } from './pg-suite.ts';
import { startTestServer, type TestServer } from './pg-server.ts';

const schema = `greenhack_test_${process.pid}_${Date.now().toString(36)}`;
const appName = `greenhack-test-${process.pid}`;
let server: TestServer;
let admin: Pool;
let pool: Pool;
let single: Pool;

/** The server's URL, with this file's schema as the search path. */
function urlWithSchema(): string {
  const url = new URL(server.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Connections the server has open for `name` (application_name). */
async function serverConnections(name: string): Promise<number> {
  const { rows } = await admin.query.async<{ n: number }>('select count(*)::int as n from pg_stat_activity where application_name = $1', [name]);
  return rows[0]!.n;
}

/** A port nobody listens on: bound once, then closed. */
let unusedPort = 0;

before(async () => {
  unusedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  server = await startTestServer();
  admin = createPool({ url: server.url, max: 2, applicationName: `${appName}-admin` });
  await admin.exec.async(`create schema ${schema}`);
  pool = createPool({ url: urlWithSchema(), max: 5, applicationName: appName });
  single = createPool({ url: urlWithSchema(), max: 1, applicationName: `${appName}-single` });
});

after(async () => {
  await pool?.close.async();
  await single?.close.async();
  await admin?.exec.async(`drop schema if exists ${schema} cascade`);
  await admin?.close.async();
  server?.stop();
});

pgSuite({ name: 'a PostgreSQL server', kind: 'pg', pool: () => pool, singleConnectionPool: () => single });

describe(`greenhack/pg: what only a server does (${mode} mode)`, () => {
  afterEach(() => assertSettled(pool));

  if (mode === 'async') test('two tasks hold two connections at once', asAsync(() => {
    const locked = new Event();
    const checked = new Event();
    const holder = spawn(() =>
      pool.transaction((tx) => {
        tx.query('select pg_advisory_xact_lock(4242)');
        locked.set();
        checked.wait();
      }),
    );
    locked.wait();
    // Another connection, while the holder's transaction is open: the lock is taken by someone else.
    assert.deepEqual(pool.query('select pg_try_advisory_lock(4242) as got').rows, [{ got: false }]);
    assert.ok(pool.stats().total >= 2);
    checked.set();
    holder.join();
    assert.deepEqual(pool.query('select pg_try_advisory_lock(4242) as got').rows, [{ got: true }]);
    pool.query('select pg_advisory_unlock(4242)');
  }));

  if (mode === 'async') test('cancelling a task cancels its query on the server', asAsync(() => {
    const sleeper = spawn(() => pool.query("select pg_sleep(60), 'greenhack-cancel-me' as tag"));
    const running = (): boolean =>
      admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%greenhack-cancel-me%' and pid <> pg_backend_pid()").rows[0]!.n === 1;
    waitUntil('the query to run on the server', running);
    sleeper.cancel();
    assert.ok(caught(() => sleeper.join()) instanceof Cancelled);
    // Without the cancel request the connection would be busy for a minute.
    waitUntil('the server to stop the query', () => !running());
    waitUntil('the connection to come back', () => pool.stats().inUse === 0);
    assert.deepEqual(pool.query('select 1 as still_works').rows, [{ still_works: 1 }]);
  }));

  if (mode === 'async') test('a task cancelled during a query in a transaction: the query is cancelled and the work rolled back', asAsync(() => {
    pool.exec('drop table if exists slow_work; create table slow_work (n int)');
    const inside = new Event();
    const task = spawn(() =>
      pool.transaction((tx) => {
        tx.query('insert into slow_work values (1)');
        inside.set();
        tx.query('select pg_sleep(60)');
      }),
    );
    inside.wait();
    const sleeping = (): boolean => admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where state = 'active' and query = 'select pg_sleep(60)'").rows[0]!.n === 1;
    waitUntil('the sleep to start', sleeping);
    task.cancel();
    // Without the cancel request, the rollback would wait behind the sleep for a minute.
    waitUntil('the server to stop the sleep', () => !sleeping());
    assert.ok(caught(() => task.join()) instanceof Cancelled);
    waitUntil('the connection to come back', () => pool.stats().inUse === 0);
    assert.deepEqual(pool.query('select * from slow_work').rows, []);
  }));

  test('listen/notify across two pools: a notification from one reaches a listener of the other, on a connection of its own', async () => {
    const name = `${appName}-other`;
    const other = createPool({ url: urlWithSchema(), max: 1, applicationName: name });
    const got: string[] = [];
    const subscription = await asAsync(() => other.listen('greenhack_scale_out', (payload) => got.push(payload)))();
    try {
      assert.equal(await serverConnections(`${name}-listen`), 1, 'the subscription holds a connection of its own');
      assert.deepEqual(other.stats(), { total: 0, idle: 0, inUse: 0, waiting: 0 }, 'outside the pool');
      await asAsync(() => pool.notify('greenhack_scale_out', 'order 7 ready'))();
      await eventually('the other pool to get the notification', () => got.length === 1);
      assert.deepEqual(got, ['order 7 ready']);
    } finally {
      await asAsync(() => subscription.close())();
      await other.close.async();
    }
    await eventually('the LISTEN connection to close', async () => (await serverConnections(`${name}-listen`)) === 0);
  });

  if (mode === 'sync') test('in sync mode a call that would wait forever for a connection this thread holds is refused at once', asAsync(() => {
    const error = caught(() => single.transaction(() => single.query('select 1'))) as Error;
    assert.ok(error instanceof GreenhackError, String(error));
    assert.match(error.message, /every connection of this pool \(max 1\) is held by this thread .* would wait forever/);
    assert.deepEqual(single.query('select 1 as n').rows, [{ n: 1 }], 'the transaction was rolled back and its connection given back');
  }));

  test('close() leaves no connection open on the server', async () => {
    const name = `${appName}-closing`;
    const closing = createPool({ url: urlWithSchema(), max: 3, applicationName: name });
    await asAsync(() => {
      const tasks = [1, 2, 3].map(() => spawn(() => closing.query('select pg_sleep(0.05)')));
      for (const task of tasks) task.join();
    })();
    assert.ok(closing.stats().total >= 1);
    assert.equal(await serverConnections(name), closing.stats().total);
    await closing.close.async();
    await eventually('the server to see the connections closed', async () => (await serverConnections(name)) === 0);
    assert.deepEqual(closing.stats(), { total: 0, idle: 0, inUse: 0, waiting: 0 });
  });

  test('a server that cannot be reached gives a DatabaseError naming the URL without its password', asAsync(() => {
    const port = unusedPort;
    const unreachable = createPool({ url: `postgres://someone:hunter2@127.0.0.1:${port}/nothing` });
    const error = caught(() => unreachable.query('select 1')) as DatabaseError;
    assert.ok(error instanceof DatabaseError);
    assert.equal(error.code, undefined);
    assert.match(error.message, new RegExp(`could not connect to postgres://someone:\\*\\*\\*@127\\.0\\.0\\.1:${port}/nothing: .*ECONNREFUSED`));
    assert.doesNotMatch(error.message, /hunter2/);
    unreachable.close();
  }));
});
