// Helpers for the food-delivery demo's end-to-end tests: the service and its kitchen as real processes
// (`greenhack run examples/food-delivery/main.ts`, as `npm start` runs them) on ephemeral loopback ports,
// a schema of their own on a real PostgreSQL server, HTTP through fetch, WebSockets through `ws`.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { createPool } from 'greenhack/pg';
import { startTestServer, type TestServer } from '../batteries/pg-server.ts';

export const root: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');

/** The environment of a child: none of the settings the demo reads leak in from ours. */
function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', PORT: '0' };
  for (const name of ['NODE_TEST_CONTEXT', 'DATABASE_URL', 'GREENHACK_MODE', 'KITCHEN_URL', 'KITCHEN_CLOSED', 'KITCHEN_DELAY_MS', 'KITCHEN_PORT', 'SESSION_SECRET', 'VIEW', 'HOST']) delete env[name];
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface Demo {
  url: string;
  wsUrl: string;
  kitchenUrl: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, and waits for it (and so its kitchen) to exit. */
  stop(): Promise<void>;
}

/** Starts `npm start`'s program with `env` and waits for its "running at" line. */
export function startDemo(env: Record<string, string | undefined> = {}): Promise<Demo> {
  const child = spawn(process.execPath, [cli, 'run', join(root, 'examples/food-delivery/main.ts')], { cwd: root, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise<Demo>((resolve, reject) => {
    const deadline = setTimeout(() => {
      void stop();
      reject(new Error(`the demo did not start within 90 s:\n${output}`));
    }, 90_000);
    const onData = (): void => {
      const found = /running at (http:\/\/\S+)\s+\(kitchen (http:\/\/\S+),/.exec(output);
      if (found === null) return;
      clearTimeout(deadline);
      child.stdout.off('data', onData);
      resolve({ url: found[1]!, wsUrl: `${found[1]!.replace(/^http/, 'ws')}/ws`, kitchenUrl: found[2]!, process: child, output: () => output, stop });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      reject(new Error(`the demo exited (${signal ?? `status ${code}`}) before it listened:\n${output}`));
    });
  });
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** A request with a JSON body (or `raw` text with its own content type) and an optional bearer token. */
export async function call(url: string, method: string, path: string, options: { token?: string; json?: unknown; raw?: string; type?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    headers['content-type'] = options.type ?? 'application/json';
    body = options.raw;
  }
  const response = await fetch(new URL(path, url), { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  if (response.headers.get('content-type')?.startsWith('application/json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Signs in as `customer`; returns the token. */
export async function signIn(url: string, customer: string): Promise<string> {
  const reply = await call(url, 'POST', '/session', { json: { customer } });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  assert.equal(reply.body.customer, customer);
  return reply.body.token as string;
}

/** A WebSocket client that queues what it receives. */
export interface Socket {
  /** The next message (parsed JSON), waiting at most `ms`. */
  next(ms?: number): Promise<any>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
  send(text: string): void;
}

export function openSocket(wsUrl: string, token: string | undefined): Socket {
  const socket = new WebSocket(token === undefined ? wsUrl : `${wsUrl}?token=${encodeURIComponent(token)}`);
  const queue: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return {
    next(ms = 10_000) {
      if (queue.length > 0) return Promise.resolve(queue.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no WebSocket message within ${ms} ms`)), ms);
        waiters.push((message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
    },
    closed,
    close: () => socket.close(),
    send: (text) => socket.send(text),
  };
}

/** Runs the demo's `manage.ts` with `args`; resolves with its exit status and output. */
export function manage(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', join(root, 'examples/food-delivery/manage.ts'), ...args], { cwd: root, env: childEnv(env), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export interface Database {
  /** A URL whose connections work in a schema of their own. */
  url: string;
  /** Drops the schema (and stops the server if the tests started it). */
  drop(): Promise<void>;
}

/** A fresh schema on the test PostgreSQL server (test/batteries/pg-server.ts finds or starts one). */
export async function freshDatabase(): Promise<Database> {
  const server: TestServer = await startTestServer();
  const schema = `demo_${process.pid}_${Date.now().toString(36)}`;
  const admin = createPool({ url: server.url, max: 1 });
  await admin.exec.async(`create schema ${schema}`);
  const url = new URL(server.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    async drop() {
      try {
        await admin.exec.async(`drop schema ${schema} cascade`);
      } finally {
        await admin.close.async();
        server.stop();
      }
    },
  };
}
