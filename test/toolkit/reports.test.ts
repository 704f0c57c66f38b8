// Errors of spawned tasks are never swallowed: joined, or reported once with the task's name and stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asAsync, configure, hidden, sleep, spawn } from 'greenhack';

const echo = hidden(async <T>(value: T): Promise<T> => value, { name: 'echo' });

/** Runs `body` with reports captured; returns them after the event loop had a few turns. */
type Report = { name: string; id: number; error: unknown };
async function reported(body: (reports: Report[]) => Promise<unknown>): Promise<Report[]> {
  const reports: Report[] = [];
  configure({ onUnjoinedError: (error, task) => reports.push({ name: task.name, id: task.id, error }) });
  try {
    await body(reports);
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  } finally {
    configure({ onUnjoinedError: null });
  }
  return reports;
}

function failing(message: string) {
  return function worker() {
    echo(0);
    throw new Error(message);
  };
}

test('an error nobody joins is reported once, when the spawning task finishes', async () => {
  let whileParentRuns = -1;
  const reports = await reported(async (so_far) => {
    await asAsync(function parent() {
      const task = spawn(failing('lost'));
      sleep(5);
      sleep(0);
      sleep(0);
      assert.equal(task.state, 'failed');
      whileParentRuns = so_far.length;
    })();
  });
  assert.equal(whileParentRuns, 0, 'not reported while the spawner could still join it');
  assert.equal(reports.length, 1);
  assert.equal(reports[0]!.name, 'worker');
  assert.equal((reports[0]!.error as Error).message, 'lost');
  assert.match((reports[0]!.error as Error).stack!, /at worker \(.*reports\.test\.ts:\d+:\d+\)/);
});

test('an error that is joined after the task failed is not reported', async () => {
  const reports = await reported(async () => {
    await asAsync(() => {
      const task = spawn(failing('handled'));
      sleep(5);
      assert.equal(task.state, 'failed');
      try {
        task.join();
      } catch {
        // handled
      }
    })();
  });
  assert.deepEqual(reports, []);
});

test('taking task.promise counts as joining; cancelled tasks are not failures', async () => {
  const reports = await reported(async () => {
    const task = await asAsync(() => {
      const t = spawn(failing('via promise'));
      const cancelled = spawn(() => sleep(60_000));
      sleep(5);
      cancelled.cancel();
      return t;
    })();
    await assert.rejects(task.promise, /via promise/);
  });
  assert.deepEqual(reports, []);
});

test('a detached task, or one spawned outside tasks, is reported as soon as it fails', async () => {
  const reports = await reported(async () => {
    await asAsync(() => {
      spawn(failing('detached')).detach();
      sleep(5);
      // The spawner is still running: only the detached task can have been reported yet.
    })();
    spawn(failing('from async code'));
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  });
  assert.deepEqual(reports.map((r) => (r.error as Error).message), ['detached', 'from async code']);
});

test('150 failing tasks, 100 joined: exactly the other 50 are reported, once each', async () => {
  const reports = await reported(async () => {
    await asAsync(() => {
      const tasks = Array.from({ length: 150 }, (_, i) => spawn(failing(`task ${i}`)));
      sleep(5);
      for (const [i, task] of tasks.entries()) {
        if (i % 3 === 0) continue;
        try {
          task.join();
        } catch {
          // joined
        }
      }
    })();
  });
  assert.deepEqual(
    reports.map((r) => (r.error as Error).message).sort(),
    Array.from({ length: 50 }, (_, i) => `task ${i * 3}`).sort(),
  );
});

test('configure({ onUnjoinedError }) checks its value', () => {
  assert.throws(() => configure({ onUnjoinedError: 5 as never }), /onUnjoinedError must be a function or null/);
});
