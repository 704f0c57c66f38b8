// One conformance suite for the four server adapters (node:http, Express 5, Fastify 5, Hono on Node). Each
// adapter serves the same routes, written the way that framework is used, with the same sync handlers;
// each is started on 127.0.0.1 with an ephemeral port and exercised with real HTTP requests. The file also
// runs in sync mode (sync-mode.test.ts runs it with GREENHACK_MODE=sync).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { configure, hidden } from 'greenhack';
import * as fs from 'greenhack/fs';
import * as expressAdapter from 'greenhack/servers/express';
import * as fastifyAdapter from 'greenhack/servers/fastify';
import * as honoAdapter from 'greenhack/servers/hono';
import * as nodeHttp from 'greenhack/servers/node-http';
import type { Listening } from 'greenhack/servers/node-http';

const mode = configure({}).mode;
const { HttpError } = nodeHttp;

// ---- What every adapter's handlers do (sync code; the hidden calls suspend the request's task) ----

let nextId = 1;
/** Stores an order somewhere slow. */
const store = hidden(
  async (dish: string): Promise<number> => {
    await new Promise((resolve) => setImmediate(resolve));
    return nextId++;
  },
  { name: 'store', sync: () => nextId++ },
);

function saveOrder(body: unknown): { id: number; dish: string } {
  const dish = (body as { dish?: unknown } | undefined)?.dish;
  if (typeof dish !== 'string') throw new HttpError(422, 'an order needs a dish');
  return { id: store(dish), dish };
}

/** A service that fails after a turn of the event loop (so its error's own stack has none of our frames). */
const stockService = hidden(
  async (): Promise<number> => {
    await new Promise((resolve) => setImmediate(resolve));
    throw new Error('stock service is down');
  },
  {
    name: 'stockService',
    sync: () => {
      throw new Error('stock service is down');
    },
  },
);

function checkStock(): number {
  return stockService();
}

// A gate: requests to /slow wait in it until `gateSize` of them are inside, then all go through.
let inside = 0;
let peak = 0;
let gateSize = 1;
let waiting: (() => void)[] = [];
const gate = hidden(
  async (): Promise<void> => {
    inside++;
    peak = Math.max(peak, inside);
    if (inside >= gateSize) {
      for (const release of waiting.splice(0)) release();
    } else {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    inside--;
  },
  {
    name: 'gate',
    sync: () => {
      inside++;
      peak = Math.max(peak, inside);
      inside--;
    },
  },
);

let fileToServe = '';
const hello = (name: string, greeting: unknown): unknown => ({ hello: name, greeting: greeting ?? null });
const slow = (): unknown => (gate(), { through: true });
const missing = (): never => {
  throw new HttpError(404, 'no such order');
};
const served = (): unknown => ({ text: fs.readFile(fileToServe, 'utf8') });

// ---- The same routes on each framework ----

interface Adapter {
  name: string;
  start(log: nodeHttp.ErrorLog): Promise<Listening>;
}

const adapters: Adapter[] = [
  {
    name: 'node:http',
    start(log) {
      const router = nodeHttp
        .createRouter()
        .get('/hello/:name', (req) => hello(req.params.name!, req.query.get('greeting')))
        .post('/orders', (req, res) => {
          const order = saveOrder(req.body);
          res.statusCode = 201;
          return order;
        })
        .get('/fail', () => checkStock())
        .get('/missing', () => missing())
        .get('/slow', () => slow())
        .get('/file', () => served());
      return nodeHttp.listen.async(nodeHttp.createServer(router, { log }));
    },
  },
  {
    name: 'Express 5',
    start(log) {
      const { green, errorHandler, listen } = expressAdapter;
      const app = express();
      app.use(express.json());
      app.get('/hello/:name', green((req) => hello(req.params.name as string, req.query.greeting)));
      app.post(
        '/orders',
        green((req, res) => {
          const order = saveOrder(req.body);
          res.status(201);
          return order;
        }),
      );
      app.get('/fail', green(() => checkStock()));
      app.get('/missing', green(() => missing()));
      app.get('/slow', green(() => slow()));
      app.get('/file', green(() => served()));
      app.use(errorHandler({ log }));
      return listen.async(app);
    },
  },
  {
    name: 'Fastify 5',
    start(log) {
      const { createServer, green, listen } = fastifyAdapter;
      const app = createServer({ log });
      app.get('/hello/:name', green((request) => hello((request.params as { name: string }).name, (request.query as { greeting?: string }).greeting)));
      app.post(
        '/orders',
        green((request, reply) => {
          const order = saveOrder(request.body);
          reply.code(201);
          return order;
        }),
      );
      app.get('/fail', green(() => checkStock()));
      app.get('/missing', green(() => missing()));
      app.get('/slow', green(() => slow()));
      app.get('/file', green(() => served()));
      return listen.async(app);
    },
  },
  {
    name: 'Hono',
    start(log) {
      const { createApp, green, jsonBody, listen } = honoAdapter;
      const app = createApp({ log });
      app.get('/hello/:name', green((c) => hello(c.req.param('name')!, c.req.query('greeting'))));
      app.post('/orders', green((c) => c.json(saveOrder(jsonBody(c)), 201)));
      app.get('/fail', green(() => checkStock()));
      app.get('/missing', green(() => missing()));
      app.get('/slow', green(() => slow()));
      app.get('/file', green(() => served()));
      return listen.async(app);
    },
  },
];

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'greenhack-servers-'));
  fileToServe = join(dir, 'menu.txt');
  writeFileSync(fileToServe, 'ramen, gyoza');
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a framework's own 404 page): keep the text.
  }
  return { status: response.status, body };
}

for (const adapter of adapters) {
  describe(`server adapter: ${adapter.name} (${mode} mode)`, () => {
    let server: Listening;
    const logged: { message: string; error: unknown }[] = [];
    before(async () => {
      server = await adapter.start((message, error) => logged.push({ message, error }));
    });
    after(() => server.close.async());

    test('routing: path parameters and query strings reach the handler; unknown paths get 404', async () => {
      assert.deepEqual(await call(`${server.url}/hello/ada?greeting=hi`), { status: 200, body: { hello: 'ada', greeting: 'hi' } });
      assert.deepEqual(await call(`${server.url}/hello/b%C3%B6b`), { status: 200, body: { hello: 'böb', greeting: null } });
      assert.equal((await call(`${server.url}/no/such/route`)).status, 404);
    });

    test('JSON bodies: parsed for the handler, its return value sent as JSON with its status', async () => {
      const created = await call(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dish: 'ramen' }) });
      assert.equal(created.status, 201);
      assert.equal((created.body as { dish: string }).dish, 'ramen');
      assert.equal(typeof (created.body as { id: number }).id, 'number');
      const invalid = await call(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ drink: 'tea' }) });
      assert.deepEqual(invalid, { status: 422, body: { error: 'an order needs a dish' } });
      assert.deepEqual(await call(`${server.url}/missing`), { status: 404, body: { error: 'no such order' } });
    });

    test('malformed JSON gives 400 and the handler does not run', async () => {
      const before = nextId;
      const response = await call(`${server.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dish": "ramen"' });
      assert.equal(response.status, 400);
      assert.equal(typeof (response.body as { error?: unknown }).error, 'string');
      assert.equal(nextId, before);
      assert.equal(logged.length, 0, 'a client error is not logged as a failure');
    });

    test('a thrown error gives 500 without details, and logs the stitched stack', async () => {
      logged.length = 0;
      const response = await call(`${server.url}/fail`);
      assert.deepEqual(response, { status: 500, body: { error: 'Internal Server Error' } });
      assert.equal(logged.length, 1);
      const [{ message, error }] = logged as [{ message: string; error: unknown }];
      assert.equal((error as Error).message, 'stock service is down');
      assert.match(message, /^GET \S*\/fail failed: Error: stock service is down\n/);
      // The sync code that made the failing call, at its line in this file.
      assert.match(message, /at checkStock \(.*servers\.test\.ts:\d+:\d+\)/);
      logged.length = 0;
    });

    test('handlers can use greenhack/fs', async () => {
      assert.deepEqual(await call(`${server.url}/file`), { status: 200, body: { text: 'ramen, gyoza' } });
    });

    if (mode === 'async') {
      test('200 concurrent slow requests interleave: all are inside their handler at once', async () => {
        // The gate opens only when all 200 are inside: handlers that did not interleave would never finish.
        inside = 0;
        peak = 0;
        waiting = [];
        gateSize = 200;
        const responses = await Promise.all(Array.from({ length: 200 }, () => call(`${server.url}/slow`)));
        gateSize = 1;
        assert.deepEqual(new Set(responses.map((response) => JSON.stringify(response))), new Set([JSON.stringify({ status: 200, body: { through: true } })]));
        assert.equal(peak, 200);
        assert.equal(inside, 0);
      });
    } else {
      test('in sync mode 200 concurrent requests are each handled in place, one at a time', async () => {
        inside = 0;
        peak = 0;
        const responses = await Promise.all(Array.from({ length: 200 }, () => call(`${server.url}/slow`)));
        assert.equal(responses.filter((response) => response.status === 200).length, 200);
        assert.equal(peak, 1);
      });
    }
  });
}
