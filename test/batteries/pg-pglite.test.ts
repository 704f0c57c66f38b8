// greenhack/pg over PGlite, the embedded default: the shared suite, plus what only PGlite does (one
// connection lent to one task at a time, a database kept in a directory). One in-memory instance is shared
// by the file's tests (starting PGlite takes seconds).
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asAsync, Event, GreenhackError, spawn } from 'greenhack';
import { createPool } from 'greenhack/pg';
import { caught, eventually } from './helpers.ts';
import { assertSettled, mode, pgSuite } from './pg-suite.ts';

const pool = createPool();
after(() => pool.close.async());

pgSuite({ name: 'PGlite (pglite://memory)', kind: 'pglite', pool: () => pool, singleConnectionPool: () => pool });

describe(`greenhack/pg: what only PGlite does (${mode} mode)`, () => {
  afterEach(() => assertSettled(pool));

  test('createPool() without a URL is an embedded in-memory PGlite database', () => {
    assert.equal(pool.kind, 'pglite');
    assert.equal(pool.url, 'pglite://memory');
  });

  if (mode === 'async') test('a query from another task waits for an open transaction and sees its commit', asAsync(() => {
    pool.exec('drop table if exists handoff; create table handoff (n int)');
    const inserted = new Event();
    const writer = spawn(() =>
      pool.transaction((tx) => {
        tx.query('insert into handoff values (1)');
        inserted.set();
        tx.query('insert into handoff values (2)');
      }),
    );
    inserted.wait();
    // The single connection is the writer's until it commits: this query runs after that.
    assert.deepEqual(pool.query('select count(*)::int as n from handoff').rows, [{ n: 2 }]);
    writer.join();
  }));

  test('a task that holds the database and queries the pool gets an error instead of waiting for itself', asAsync(() => {
    const error = caught(() =>
      pool.transaction(() => {
        pool.query('select 1');
      }),
    ) as Error;
    assert.ok(error instanceof GreenhackError);
    assert.match(error.message, /already holds the PGlite database .* would wait for itself/);
  }));

  test('listen() and a subscription\'s close() in a transaction get that error too, and the subscription stays usable', async () => {
    const selfWait = /already holds the PGlite database .* would wait for itself/;
    const payloads: string[] = [];
    const subscription = await asAsync(() => {
      const listening = caught(() =>
        pool.transaction(() => {
          pool.listen('in_a_transaction', () => {});
        }),
      ) as Error;
      assert.ok(listening instanceof GreenhackError);
      assert.match(listening.message, selfWait);

      const opened = pool.listen('in_a_transaction', (payload) => {
        payloads.push(payload);
      });
      const closing = caught(() =>
        pool.transaction(() => {
          opened.close();
        }),
      ) as Error;
      assert.match(closing.message, selfWait);
      assert.equal(opened.closed, false, 'a close() that failed leaves the subscription open');
      pool.notify('in_a_transaction', 'still listening');
      return opened;
    })();
    // (The notification reaches the listener through the event loop: in sync mode, from the bridge worker.)
    await eventually('the notification', () => payloads.length === 1);
    assert.deepEqual(payloads, ['still listening']);
    await subscription.close.async();
    assert.equal(subscription.closed, true);
  });

  test('pglite:///directory keeps the database on disk', asAsync(() => {
    const dir = mkdtempSync(join(tmpdir(), 'greenhack-pglite-'));
    try {
      const first = createPool({ url: `pglite://${dir}` });
      assert.equal(first.url, `pglite://${dir}`);
      first.exec("create table kept (label text); insert into kept values ('still here')");
      first.close();
      const second = createPool({ url: `pglite://${dir}` });
      assert.deepEqual(second.query('select label from kept').rows, [{ label: 'still here' }]);
      second.close();
      assert.equal(second.closed, true);
      assert.match(String((caught(() => second.query('select 1')) as Error).message), /the pool is closed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));

  test('createPool checks its URL and options', () => {
    assert.throws(() => createPool({ url: 'mysql://localhost/db' }), { name: 'RangeError', message: /unsupported database URL "mysql:\/\/localhost\/db"\. Use postgres:\/\// });
    assert.throws(() => createPool({ url: 'pglite://relative/dir' }), /unsupported database URL/);
    assert.throws(() => createPool({ url: 'postgres://u:hunter2@h/db', max: 0 }), /max must be an integer ≥ 1, got 0/);
    assert.doesNotMatch(String((caught(() => createPool({ url: 'mysql://u:hunter2@h/db' })) as Error).message), /hunter2/);
    const server = createPool({ url: 'postgres://user:hunter2@127.0.0.1:5432/app' });
    assert.equal(server.kind, 'pg');
    assert.equal(server.url, 'postgres://user:***@127.0.0.1:5432/app');
    assert.deepEqual(server.stats(), { total: 0, idle: 0, inUse: 0, waiting: 0 });
  });
});
