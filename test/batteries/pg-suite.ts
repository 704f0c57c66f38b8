// The greenhack/pg suite, run against PGlite (pg-pglite.test.ts) and a real PostgreSQL server
// (pg-server.test.ts): one interface, the same behaviour. Each test runs as a green task, so the database
// calls below suspend it. After each test no connection may be lent out or waited for. Both files run
// again with GREENHACK_MODE=sync (sync-mode.test.ts): the pool then lives on the bridge worker and each
// call blocks; the tests about tasks interleaving and cancelling only run in async mode.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, Cancelled, configure, Event, GreenContextError, GreenhackError, sleep, spawn } from 'greenhack';
import { caught, eventually, waitUntil } from './helpers.ts';
import { DatabaseError, type Pool, type Transaction } from 'greenhack/pg';

export interface Target {
  /** Shown in test names. */
  name: string;
  kind: 'pg' | 'pglite';
  /** The pool shared by the file's tests. */
  pool: () => Pool;
  /** A pool with a single connection (PGlite: the shared pool; a server: a new pool with max 1). */
  singleConnectionPool: () => Pool;
}

/** No connection lent out or waited for: every test leaves the pool so (cancelled work may finish a little later). */
export async function assertSettled(pool: Pool): Promise<void> {
  await eventually('every connection to come back to the pool', () => pool.stats().inUse === 0 && pool.stats().waiting === 0);
  const stats = pool.stats();
  assert.equal(stats.inUse, 0, 'no connection lent out');
  assert.equal(stats.total, stats.idle, 'every open connection idle');
}

export const mode: 'async' | 'sync' = configure({}).mode;

export function pgSuite(target: Target): void {
  const db = (): Pool => target.pool();

  describe(`greenhack/pg on ${target.name} (${mode} mode)`, () => {
    afterEach(async () => {
      await assertSettled(db());
    });

    test('query: rows, rowCount and command for SELECT, INSERT, UPDATE, DELETE', asAsync(() => {
      db().exec('drop table if exists dishes; create table dishes (id serial primary key, name text not null unique, price int not null)');
      const inserted = db().query<{ id: number }>('insert into dishes (name, price) values ($1, $2), ($3, $4) returning id', ['ramen', 12, 'gyoza', 6]);
      assert.equal(inserted.command, 'INSERT');
      assert.equal(inserted.rowCount, 2);
      assert.deepEqual(inserted.rows, [{ id: 1 }, { id: 2 }]);
      const updated = db().query('update dishes set price = price + 1');
      assert.deepEqual([updated.command, updated.rowCount, updated.rows], ['UPDATE', 2, []]);
      const selected = db().query<{ name: string; price: number }>('select name, price from dishes order by id');
      assert.deepEqual([selected.command, selected.rowCount], ['SELECT', 2]);
      assert.deepEqual(selected.rows, [{ name: 'ramen', price: 13 }, { name: 'gyoza', price: 7 }]);
      assert.deepEqual(selected.fields.map((field) => [field.name, field.dataTypeID]), [['name', 25], ['price', 23]]);
      const deleted = db().query('delete from dishes where name = $1', ['gyoza']);
      assert.deepEqual([deleted.command, deleted.rowCount], ['DELETE', 1]);
    }));

    test('query: parameters and value types are the same on both backends', asAsync(() => {
      const { rows } = db().query(
        "select $1::int as int4, $2::int8 as int8, $3::numeric as numeric, $4::text as text, $5::boolean as bool, $6::jsonb as jsonb, '2024-05-06T07:08:09Z'::timestamptz as at, null::text as nothing, $7::text[] as list, $8::bytea as bytes, array[$8::bytea] as byte_list",
        [42, '9007199254740993', '12.50', 'naïve', true, JSON.stringify({ eta: [5, 10] }), ['a', 'b'], Buffer.from([0, 1, 255])],
      );
      assert.deepEqual(rows[0], {
        int4: 42,
        int8: '9007199254740993',
        numeric: '12.50',
        text: 'naïve',
        bool: true,
        jsonb: { eta: [5, 10] },
        at: new Date('2024-05-06T07:08:09Z'),
        nothing: null,
        list: ['a', 'b'],
        bytes: Buffer.from([0, 1, 255]),
        byte_list: [Buffer.from([0, 1, 255])],
      });
    }));

    test('exec runs a script of several statements', asAsync(() => {
      db().exec(`
        drop table if exists script_test;
        create table script_test (n int);
        insert into script_test values (1), (2), (3);
      `);
      assert.deepEqual(db().query('select sum(n)::int as total from script_test').rows, [{ total: 6 }]);
    }));

    test('errors keep the SQLSTATE, the query and the fields the server reported, never the parameters', asAsync(() => {
      db().exec('drop table if exists accounts; create table accounts (id int primary key, owner text not null)');
      db().query('insert into accounts values (1, $1)', ['ada']);

      const duplicate = caught(() => db().query('insert into accounts values (1, $1)', ['secret-parameter-123'])) as DatabaseError;
      assert.ok(duplicate instanceof DatabaseError);
      assert.ok(duplicate instanceof GreenhackError);
      assert.equal(duplicate.name, 'DatabaseError');
      assert.equal(duplicate.code, '23505');
      assert.equal(duplicate.constraint, 'accounts_pkey');
      assert.equal(duplicate.table, 'accounts');
      assert.equal(duplicate.query, 'insert into accounts values (1, $1)');
      assert.match(duplicate.message, /duplicate key value violates unique constraint "accounts_pkey" \(SQLSTATE 23505\)\n {4}query: insert into accounts values \(1, \$1\)/);
      assert.doesNotMatch(duplicate.message + String(duplicate.stack), /secret-parameter-123/);

      const missing = caught(() => db().query('insert into accounts (id) values (2)')) as DatabaseError;
      assert.deepEqual([missing.code, missing.table, missing.column], ['23502', 'accounts', 'owner']);

      const syntax = caught(() => db().query('selec 1')) as DatabaseError;
      assert.deepEqual([syntax.code, syntax.position], ['42601', '1']);

      // The connection that reported the errors is still fine.
      assert.equal(db().query('select count(*)::int as n from accounts').rows[0]!.n, 1);
    }));

    test('an error\'s stack shows the sync code that made the query', asAsync(() => {
      function loadFromMissingTable(): unknown {
        return db().query('select * from no_such_table_here').rows;
      }
      const error = caught(() => loadFromMissingTable()) as DatabaseError;
      assert.equal(error.code, '42P01');
      assert.match(String(error.stack), /loadFromMissingTable/);
      assert.match(String(error.stack), /pg-suite\.ts:\d+/);
    }));

    test('transaction commits and returns what the function returned', asAsync(() => {
      db().exec('drop table if exists orders; create table orders (id serial primary key, dish text not null)');
      const id = db().transaction((tx) => {
        const order = tx.query<{ id: number }>('insert into orders (dish) values ($1) returning id', ['ramen']).rows[0]!;
        tx.query('insert into orders (dish) values ($1)', ['gyoza']);
        return order.id;
      });
      assert.equal(id, 1);
      assert.deepEqual(db().query('select dish from orders order by id').rows, [{ dish: 'ramen' }, { dish: 'gyoza' }]);
    }));

    test('transaction rolls back when the function throws, and rethrows the same error', asAsync(() => {
      db().exec('drop table if exists payments; create table payments (amount int)');
      const failure = new Error('card declined');
      const error = caught(() =>
        db().transaction((tx) => {
          tx.query('insert into payments values (10)');
          throw failure;
        }),
      );
      assert.equal(error, failure);
      assert.deepEqual(db().query('select * from payments').rows, []);
    }));

    test('nested transactions are savepoints: an inner rollback keeps the outer work', asAsync(() => {
      db().exec('drop table if exists steps; create table steps (label text)');
      const depths: number[] = [];
      db().transaction((tx) => {
        depths.push(tx.depth);
        tx.query("insert into steps values ('outer')");
        tx.transaction((inner) => {
          depths.push(inner.depth);
          inner.query("insert into steps values ('inner kept')");
          const error = caught(() =>
            inner.transaction((innermost) => {
              depths.push(innermost.depth);
              innermost.query("insert into steps values ('innermost dropped')");
              innermost.query('select 1/0'); // fails: rolls back to the savepoint
            }),
          ) as DatabaseError;
          assert.equal(error.code, '22012');
          inner.query("insert into steps values ('after the failed savepoint')");
        });
        const error = caught(() =>
          tx.transaction((inner) => {
            inner.query("insert into steps values ('inner dropped')");
            throw new Error('changed my mind');
          }),
        ) as Error;
        assert.equal(error.message, 'changed my mind');
      });
      assert.deepEqual(depths, [0, 1, 2]);
      assert.deepEqual(
        db().query('select label from steps').rows.map((row) => row.label),
        ['outer', 'inner kept', 'after the failed savepoint'],
      );
    }));

    test('a transaction whose failed statement was caught is rolled back at commit, with an error', asAsync(() => {
      db().exec('drop table if exists ledger; create table ledger (n int primary key)');
      const error = caught(() =>
        db().transaction((tx) => {
          tx.query('insert into ledger values (1)');
          caught(() => tx.query('insert into ledger values (1)')); // duplicate: the transaction is now aborted
          return 'looks fine';
        }),
      ) as DatabaseError;
      assert.ok(error instanceof DatabaseError);
      assert.equal(error.code, '25P02');
      assert.match(error.message, /rolled back instead of committed/);
      assert.deepEqual(db().query('select * from ledger').rows, []);
    }));

    test('a transaction object cannot be used after its transaction ended', asAsync(() => {
      let leaked: Transaction | undefined;
      db().transaction((tx) => {
        leaked = tx;
        assert.equal(tx.active, true);
      });
      assert.equal(leaked!.active, false);
      const error = caught(() => leaked!.query('select 1')) as Error;
      assert.ok(error instanceof GreenhackError);
      assert.match(error.message, /this transaction has already ended/);
    }));

    test('a transaction function that returns a promise is refused and rolled back', asAsync(() => {
      db().exec('drop table if exists refused; create table refused (n int)');
      const error = caught(() =>
        db().transaction((tx) => {
          tx.query('insert into refused values (1)');
          return Promise.resolve('too late');
        }),
      ) as Error;
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /returned a promise/);
      assert.deepEqual(db().query('select * from refused').rows, []);
    }));

    test('from async code: query.async, exec.async and transaction.async', async () => {
      await db().exec.async('drop table if exists async_side; create table async_side (n int)');
      const value = await db().transaction.async(async (tx) => {
        await tx.query.async('insert into async_side values ($1)', [1]);
        return (await tx.query.async<{ n: number }>('select n from async_side')).rows[0]!.n;
      });
      assert.equal(value, 1);
      await assert.rejects(
        db().transaction.async(async (tx) => {
          await tx.query.async('insert into async_side values (2)');
          throw new Error('async failure');
        }),
        /async failure/,
      );
      assert.deepEqual((await db().query.async('select n from async_side')).rows, [{ n: 1 }]);
    });

    if (mode === 'async') {
      test('outside a green task a query throws GreenContextError naming the function', () => {
        const error = caught(() => db().query('select 1')) as GreenContextError;
        assert.ok(error instanceof GreenContextError);
        assert.equal(error.functionName, 'query');
        assert.equal(error.frameKind, 'outside-task');
      });
    } else {
      test('in sync mode a query works outside any task, and blocks: a due timer does not run in between', () => {
        let fired = false;
        const timer = setTimeout(() => (fired = true), 0);
        const started = Date.now();
        while (Date.now() - started < 5) {
          // Let the timer fall due.
        }
        assert.deepEqual(db().query('select 41 + 1 as n').rows, [{ n: 42 }]);
        assert.equal(fired, false, 'the event loop did not run during the call');
        clearTimeout(timer);
      });
    }

    test('20 tasks running transactions at once lose no update', asAsync(() => {
      db().exec('drop table if exists counters; create table counters (id int primary key, n int not null); insert into counters values (1, 0)');
      const bump = (): void => {
        for (let i = 0; i < 5; i++) {
          db().transaction((tx) => {
            const { n } = tx.query<{ n: number }>('select n from counters where id = 1 for update').rows[0]!;
            tx.query('update counters set n = $1 where id = 1', [n + 1]);
          });
        }
      };
      const tasks = Array.from({ length: 20 }, () => spawn(bump));
      for (const task of tasks) task.join();
      assert.equal(db().query<{ n: number }>('select n from counters').rows[0]!.n, 100);
    }));

    describe('connect() and dispose', () => {
      test('connect() lends one connection until released: queries, transactions and streams all run on it', asAsync(() => {
        const conn = db().connect();
        try {
          assert.equal(db().stats().inUse, 1, 'the connection is lent out');
          // A temporary table is visible only to its own session: it proves every call used one connection.
          conn.exec('drop table if exists pg_temp.mine; create temp table mine (n int)');
          conn.transaction((tx) => {
            tx.query('insert into mine values (1), (2)');
            tx.transaction((inner) => inner.query('insert into mine values (3)'));
          });
          const seen: number[] = [];
          conn.stream<{ n: number }>('select n from mine order by n', [], { batchSize: 2 }).forEach((row) => {
            seen.push(row.n);
          });
          assert.deepEqual(seen, [1, 2, 3]);
          assert.equal(db().stats().inUse, 1, 'its transaction and stream did not take another connection');
          conn.query('drop table mine');
        } finally {
          conn[Symbol.dispose]();
        }
        assert.equal(conn.released, true);
        assert.equal(db().stats().inUse, 0);
        const error = caught(() => conn.query('select 1')) as Error;
        assert.ok(error instanceof GreenhackError);
        assert.match(error.message, /this connection was released/);
        conn.release(); // idempotent
      }));

      test('[Symbol.dispose] gives the connection back on every exit path: return, break, throw', asAsync(() => {
        const inUse = (): number => db().stats().inUse;
        function returnsFromInside(): number {
          const conn = db().connect();
          try {
            return conn.query<{ n: number }>('select 7 as n').rows[0]!.n;
          } finally {
            conn[Symbol.dispose]();
          }
        }
        assert.equal(returnsFromInside(), 7);
        assert.equal(inUse(), 0, 'after return');
        for (const n of [1, 2, 3]) {
          const conn = db().connect();
          try {
            if (n === 2) break;
            conn.query('select 1');
          } finally {
            conn[Symbol.dispose]();
          }
        }
        assert.equal(inUse(), 0, 'after break');
        const error = caught(() => {
          const conn = db().connect();
          try {
            conn.query('selec 1');
          } finally {
            conn[Symbol.dispose]();
          }
        }) as DatabaseError;
        assert.equal(error.code, '42601');
        assert.equal(inUse(), 0, 'after throw');
        // A transaction left open on a connection: released, the connection is closed rather than reused mid-transaction.
        const conn = db().connect();
        let leaked: Transaction | undefined;
        caught(() =>
          conn.transaction((tx) => {
            leaked = tx;
            throw new Error('rolled back');
          }),
        );
        assert.equal(leaked!.active, false);
        conn[Symbol.dispose]();
        assert.equal(inUse(), 0, 'after a rolled-back transaction');
        assert.deepEqual(db().query('select 1 as n').rows, [{ n: 1 }]);
      }));

      test('a stream\'s [Symbol.dispose] closes its cursor and gives its connection back', asAsync(() => {
        for (const stop of ['break', 'throw'] as const) {
          const error = caught(() => {
            const rows = db().stream<{ n: number }>('select n from generate_series(1, 500) as n', [], { batchSize: 10 });
            try {
              for (let step = rows.next(); !step.done; step = rows.next()) {
                if (step.value.n === 15) {
                  if (stop === 'throw') throw new Error('stop reading');
                  break;
                }
              }
              assert.equal(db().stats().inUse, 1, 'the open stream holds a connection');
              throw new Error('stop reading');
            } finally {
              rows[Symbol.dispose]();
              assert.equal(rows.done, true);
            }
          }) as Error;
          assert.equal(error.message, 'stop reading');
          assert.equal(db().stats().inUse, 0, `after ${stop}`);
        }
      }));

      test('from async code: connect.async and [Symbol.asyncDispose]', async () => {
        const conn = await db().connect.async();
        try {
          assert.deepEqual((await conn.query.async('select 2 as n')).rows, [{ n: 2 }]);
        } finally {
          await conn[Symbol.asyncDispose]();
        }
        assert.equal(conn.released, true);
      });
    });

    describe('listen and notify', () => {
      test('a notification reaches the listener, one sent in a transaction only at commit; close() ends the subscription', async () => {
        const got: string[] = [];
        const subscription = await asAsync(() => db().listen('greenhack_orders', (payload) => got.push(payload)))();
        try {
          assert.equal(subscription.channel, 'greenhack_orders');
          await asAsync(() => db().notify('greenhack_orders', 'placed 1'))();
          await eventually('the first notification', () => got.length === 1);
          await asAsync(() =>
            caught(() =>
              db().transaction((tx) => {
                tx.notify('greenhack_orders', 'rolled back');
                throw new Error('no');
              }),
            ),
          )();
          await asAsync(() => db().transaction((tx) => tx.notify('greenhack_orders', 'placed 2')))();
          await eventually('the committed notification', () => got.length === 2);
          assert.deepEqual(got, ['placed 1', 'placed 2']);
        } finally {
          await asAsync(() => subscription[Symbol.dispose]())();
        }
        assert.equal(subscription.closed, true);
        const later: string[] = [];
        const second = await asAsync(() => db().listen('greenhack_orders', (payload) => later.push(payload)))();
        await asAsync(() => db().notify('greenhack_orders', 'after close'))();
        await eventually('the second subscription to get it', () => later.length === 1);
        await asAsync(() => second.close())();
        assert.deepEqual(got, ['placed 1', 'placed 2'], 'the closed subscription got nothing more');
      });

      test('the listener runs as green code: it may query the database', async () => {
        await asAsync(() => db().exec('drop table if exists inbox; create table inbox (payload text)'))();
        const subscription = await asAsync(() => db().listen('greenhack_inbox', (payload) => void db().query('insert into inbox values ($1)', [payload])))();
        try {
          await asAsync(() => db().notify('greenhack_inbox', '{"order":1}'))();
          await eventually('the listener to store the payload', async () => (await asAsync(() => db().query('select * from inbox').rowCount)()) === 1);
          assert.deepEqual((await asAsync(() => db().query('select payload from inbox'))()).rows, [{ payload: '{"order":1}' }]);
        } finally {
          await asAsync(() => subscription.close())();
        }
      });

      test('channel names must be plain identifiers: nothing reaches the database otherwise', asAsync(() => {
        for (const bad of ['Orders', 'orders; drop table x', '"quoted"', '', '1abc', 'a'.repeat(64)]) {
          for (const call of [() => db().listen(bad, () => {}), () => db().notify(bad, 'x')]) {
            const error = caught(call) as Error;
            assert.ok(error instanceof TypeError, String(error));
            assert.match(error.message, /the channel must be a lower-case identifier/);
          }
        }
        assert.match(String(caught(() => db().notify('fine', 42 as never))), /the payload must be a string/);
      }));
    });

    describe('streams', () => {
      test('forEach reads every row in batches, holding one connection until the end', asAsync(() => {
        const seen: number[] = [];
        const indexes: number[] = [];
        const count = db()
          .stream<{ n: number }>('select n from generate_series(1, $1::int) as n order by n', [250], { batchSize: 100 })
          .forEach((row, index) => {
            if (index === 0) assert.equal(db().stats().inUse, 1, 'the stream holds a connection');
            seen.push(row.n);
            indexes.push(index);
          });
        assert.equal(count, 250);
        assert.deepEqual(seen, Array.from({ length: 250 }, (_, i) => i + 1));
        assert.deepEqual(indexes, Array.from({ length: 250 }, (_, i) => i));
      }));

      test('next() returns rows one by one; close() ends the stream early and gives the connection back', asAsync(() => {
        const stream = db().stream<{ n: number }>('select n from generate_series(1, 1000) as n order by n', [], { batchSize: 10 });
        assert.equal(db().stats().inUse, 0, 'nothing happens before the first next()');
        const first = [stream.next(), stream.next(), stream.next()].map((step) => (step.done ? undefined : step.value.n));
        assert.deepEqual(first, [1, 2, 3]);
        assert.equal(db().stats().inUse, 1);
        stream.close();
        assert.equal(stream.done, true);
        assert.equal(db().stats().inUse, 0);
        assert.deepEqual(stream.next(), { done: true, value: undefined });
      }));

      test('a stream that is read to its end gives its connection back by itself', asAsync(() => {
        const stream = db().stream<{ n: number; bytes: Buffer }>('select n, int2send(n::int2) as bytes from generate_series(1, 5) as n', [], { batchSize: 2 });
        const values: number[] = [];
        for (let step = stream.next(); !step.done; step = stream.next()) {
          values.push(step.value.n);
          assert.deepEqual(step.value.bytes, Buffer.from([0, step.value.n]), 'bytea comes as a Buffer, in batches as in queries');
        }
        assert.deepEqual(values, [1, 2, 3, 4, 5]);
        assert.equal(stream.done, true);
      }));

      test('inside a transaction a stream sees the transaction\'s own uncommitted rows', asAsync(() => {
        db().exec('drop table if exists drafts; create table drafts (n int)');
        const seen: number[] = [];
        const error = caught(() =>
          db().transaction((tx) => {
            tx.query('insert into drafts select generate_series(1, 7)');
            tx.stream<{ n: number }>('select n from drafts order by n', [], { batchSize: 3 }).forEach((row) => {
              seen.push(row.n);
            });
            throw new Error('discard the drafts');
          }),
        ) as Error;
        assert.equal(error.message, 'discard the drafts');
        assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
        assert.deepEqual(db().query('select * from drafts').rows, []);
      }));

      test('a row callback may make hidden calls of its own', asAsync(() => {
        db().exec('drop table if exists totals; create table totals (n int, doubled int)');
        db().transaction((tx) => {
          tx.stream<{ n: number }>('select n from generate_series(1, 4) as n').forEach((row) => {
            sleep(1);
            tx.query('insert into totals values ($1, $2)', [row.n, row.n * 2]);
          });
        });
        assert.deepEqual(db().query('select sum(doubled)::int as s from totals').rows, [{ s: 20 }]);
      }));

      test('a stream over a bad query fails with DatabaseError at the first next() and gives the connection back', asAsync(() => {
        const stream = db().stream('select * from no_such_stream_table');
        const error = caught(() => stream.next()) as DatabaseError;
        assert.ok(error instanceof DatabaseError);
        assert.equal(error.code, '42P01');
        assert.equal(stream.done, true);
      }));

      test('return(), what for…of calls when a loop stops early, closes the stream before it returns', asAsync(() => {
        const stream = db().stream<{ n: number }>('select n from generate_series(1, 100) as n', [], { batchSize: 10 });
        assert.deepEqual(stream.next(), { done: false, value: { n: 1 } });
        assert.equal(db().stats().inUse, 1);
        assert.deepEqual(stream.return(), { done: true, value: undefined });
        assert.equal(db().stats().inUse, 0, 'closed by the time return() returned');
        assert.deepEqual(stream.next(), { done: true, value: undefined });
      }));

      test('for…of in green code reads a stream batch by batch; break closes it before the loop ends', asAsync(() => {
        const seen: number[] = [];
        for (const row of db().stream<{ n: number }>('select n from generate_series(1, 25) as n order by n', [], { batchSize: 4 })) seen.push(row.n);
        assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => i + 1));
        let last = 0;
        for (const row of db().stream<{ n: number }>('select n from generate_series(1, 1000) as n order by n', [], { batchSize: 10 })) {
          last = row.n;
          if (row.n === 15) break;
        }
        assert.equal(last, 15);
        assert.equal(db().stats().inUse, 0, 'the stream was closed by break');
      }));

      test('stream() checks its arguments', () => {
        assert.throws(() => db().stream(42 as never), /stream\(\): the SQL must be a string, got number/);
        assert.throws(() => db().stream('select 1', [], { batchSize: 0 }), /batchSize must be an integer ≥ 1, got 0/);
      });
    });

    if (mode === 'async') describe('cancellation', () => {
      test('a task cancelled inside a transaction rolls it back and gives the connection back', asAsync(() => {
        db().exec('drop table if exists cancelled_work; create table cancelled_work (n int)');
        const inside = new Event();
        const never = new Event();
        const task = spawn(() =>
          db().transaction((tx) => {
            tx.query('insert into cancelled_work values (1)');
            inside.set();
            never.wait();
          }),
        );
        inside.wait();
        task.cancel('customer left');
        assert.ok(caught(() => task.join()) instanceof Cancelled);
        assert.deepEqual(db().query('select * from cancelled_work').rows, []);
      }));

      test('a cancelled task waiting for a connection never runs its query', asAsync(() => {
        const single = target.singleConnectionPool();
        single.exec('drop table if exists queued_work; create table queued_work (label text)');
        const holding = new Event();
        const release = new Event();
        const holder = spawn(() =>
          single.transaction((tx) => {
            tx.query("insert into queued_work values ('holder')");
            holding.set();
            release.wait();
          }),
        );
        holding.wait();
        const waiter = spawn(() => single.query("insert into queued_work values ('waiter')"));
        waitUntil('the waiter to wait for the only connection', () => single.stats().waiting === 1);
        waiter.cancel();
        assert.ok(caught(() => waiter.join()) instanceof Cancelled);
        release.set();
        holder.join();
        assert.deepEqual(single.query('select label from queued_work').rows, [{ label: 'holder' }]);
        assert.equal(single.stats().waiting, 0);
      }));
    });
  });
}
