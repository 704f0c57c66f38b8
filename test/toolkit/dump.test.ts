// listTasks / dumpTasks: every live task with id, name, state, age, what it waits on and its stack at the
// original .ts lines; SIGUSR2 and `greenhack dump <pid>` in a running process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn as spawnProcess, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { asAsync, configure, currentTask, dumpTasks, Event, hidden, listTasks, Lock, Queue, sleep, spawn, type Task } from 'greenhack';

let release!: () => void;
const gate = new Promise<void>((resolve) => (release = resolve));
const fetchOrder = hidden(
  async (id: number, options: { region: string; tags: string[] }): Promise<string> => {
    await gate;
    return `${id}:${options.region}`;
  },
  { name: 'fetchOrder' },
);

function loadOrder(id: number): string {
  return fetchOrder(id, { region: 'eu-west', tags: ['a', 'b', 'c', 'd'] });
}
function orderWorker(): string {
  return loadOrder(42);
}

test('listTasks: state, what each task waits on (hidden call with its arguments, primitives) and its .ts stack', async () => { configure({ taskOrigins: true }); // off by default
  const queue = new Queue<number>(3);
  const lock = new Lock();
  const event = new Event();
  const infos = await asAsync(function inspector() {
    lock.acquire();
    const tasks: Task[] = [
      spawn(orderWorker),
      spawn(function consumer() {
        return queue.get();
      }),
      spawn(function locker() {
        lock.acquire();
      }),
      spawn(function napper() {
        sleep(60_000);
      }),
    ];
    tasks.push(spawn(function joiner() {
      return tasks[0]!.join();
    }));
    const scheduled = spawn(function later() {});
    const before = listTasks().find((info) => info.id === scheduled.id);
    assert.equal(before?.state, 'scheduled');
    sleep(1);
    const all = listTasks();
    for (const task of tasks.slice(1, 4)) task.cancel();
    lock.release();
    event.set();
    release();
    tasks[0]!.join();
    tasks[4]!.join();
    return { all, me: currentTask()!.id, ids: tasks.map((t) => t.id) };
  })();
  const byId = new Map(infos.all.map((info) => [info.id, info]));
  const me = byId.get(infos.me)!;
  assert.equal(me.name, 'inspector');
  assert.equal(me.state, 'running');
  assert.match(me.stack[0]!, /^at inspector \(.*dump\.test\.ts:\d+:\d+\)$/);

  const [worker, consumer, locker, napper, joiner] = infos.ids.map((id) => byId.get(id)!);
  assert.equal(worker!.state, 'waiting');
  assert.deepEqual(worker!.waitingOn, { kind: 'hidden', name: 'fetchOrder', args: "42, { region: 'eu-west', tags: [Array] }", detail: undefined });
  assert.deepEqual(
    worker!.stack.map((line) => line.replace(/ \(.*dump\.test\.ts:(\d+):\d+\)$/, ' line $1')),
    ['at loadOrder line 21', 'at orderWorker line 24'],
  );
  assert.equal(worker!.parentId, infos.me);
  assert.match(worker!.startedAt!, /dump\.test\.ts:\d+:\d+/);
  assert.equal(consumer!.waitingOn?.name, 'Queue.get');
  assert.equal(consumer!.waitingOn?.detail, '0 items of 3, 1 waiting to get, 0 to put');
  assert.match(consumer!.stack[0]!, /^at consumer \(.*dump\.test\.ts:\d+:\d+\)$/);
  assert.equal(locker!.waitingOn?.name, 'Lock.acquire');
  assert.equal(locker!.waitingOn?.detail, `held by #${infos.me} "inspector", 1 waiting`);
  assert.deepEqual(napper!.waitingOn, { kind: 'timer', name: 'sleep', args: '60000', detail: undefined });
  assert.equal(joiner!.waitingOn?.name, 'join');
  assert.equal(joiner!.waitingOn?.args, `#${worker!.id} "orderWorker"`);
  assert.ok(infos.all.every((info) => info.ageMs >= 0));
});

test('dumpTasks: one header line, then per task its line, its frames and where it started', async () => { configure({ taskOrigins: true }); // off by default
  const text = await asAsync(function dumper() {
    const sleeper = spawn(function sleeper() {
      sleep(60_000);
    });
    sleep(1);
    const dump = dumpTasks();
    sleeper.cancel();
    return dump;
  })();
  const blocks = text.trimEnd().split('\n\n');
  assert.match(blocks[0]!, /^greenhack: \d+ live tasks? \(pid \d+, Node v\d+\.\d+\.\d+, \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
  const sleeper = blocks.find((block) => block.includes('"sleeper"'))!.split('\n');
  assert.match(sleeper[0]!, /^#\d+ "sleeper" waiting \d+ ms on sleep\(60000\) \[started by #\d+\]$/);
  assert.match(sleeper[1]!, /^ {4}at sleeper \(.*dump\.test\.ts:\d+:\d+\)$/);
  assert.match(sleeper[2]!, /^ {4}started at dumper \(.*dump\.test\.ts:\d+:\d+\)$/);
  const dumper = blocks.find((block) => block.includes('"dumper"'))!.split('\n');
  assert.match(dumper[0]!, /^#\d+ "dumper" running \d+ ms$/);
  assert.match(dumper[1]!, /^ {4}at dumper \(.*dump\.test\.ts:\d+:\d+\)$/);
  assert.doesNotMatch(text, /dist\/runtime|node:internal|Generator/);
});

const register = fileURLToPath(new URL('../../dist/loader/register.js', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const longRunning = fileURLToPath(new URL('./fixtures/long-running.ts', import.meta.url));

test('greenhack dump <pid>: the running process dumps its tasks on SIGUSR2, then ends by itself', async () => {
  const child = spawnProcess(process.execPath, ['--import', register, longRunning], { env: { ...process.env, NODE_OPTIONS: '', NODE_TEST_CONTEXT: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit');
  try {
    while (!/ready \d+/.test(stdout)) await once(child.stdout, 'data');
    const dump = spawnSync(process.execPath, [cli, 'dump', String(child.pid)], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(dump.status, 0, dump.stderr);
    const text = dump.stdout;
    assert.match(text, new RegExp(`^greenhack: 3 live tasks \\(pid ${child.pid}, `));
    assert.match(text, /\n#\d+ "main" waiting \d+ (ms|s) on Event\.wait\(\): not set, 1 waiting\n {4}at main \(.*long-running\.ts:\d+:\d+\)\n/);
    assert.match(text, /\n#\d+ "watcher" waiting [\d.]+ m?s on hidden lookup\(42, 'eu-west'\) \[started by #1\]\n {4}at fetchOrder \(.*long-running\.ts:23:\d+\)\n {4}at watcher \(.*long-running\.ts:\d+:\d+\)\n/);
    assert.match(text, /\n#\d+ "consumer" waiting [\d.]+ m?s on Queue\.get\(\): 0 items of 4, 1 waiting to get, 0 to put \[started by #1\]\n/);
    const [code] = await exited;
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\ndone\n$/);
    assert.ok(stderr.startsWith(text), 'the process printed the same dump on its stderr');
  } finally {
    if (child.exitCode === null) child.kill();
  }
});

test('greenhack dump refuses a process that does not handle the signal (Linux: /proc), and leaves it running', async () => {
  const child = spawnProcess(process.execPath, ['-e', 'setTimeout(() => {}, 20_000)'], { stdio: 'ignore' });
  try {
    await once(child, 'spawn');
    const dump = spawnSync(process.execPath, [cli, 'dump', String(child.pid)], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(dump.status, 1);
    assert.match(dump.stderr, /does not handle SIGUSR2/);
    assert.equal(child.exitCode, null);
    assert.equal(child.signalCode, null);
  } finally {
    child.kill();
  }
  const bad = spawnSync(process.execPath, [cli, 'dump', 'x'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /dump: give the process id/);
});
