// greenhack/ws: real WebSocket servers and clients on 127.0.0.1, each connection handled by a green task.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asAsync, Cancelled, Event, GreenContextError, spawn, timeout, Timeout } from 'greenhack';
import { connect, listen, Registry, type WebSocketConnection, WebSocketError } from 'greenhack/ws';
import { caught, waitUntil } from './helpers.ts';

describe('greenhack/ws', () => {
  test('a server handler and a client talk in sync style: text, JSON and binary messages', asAsync(() => {
    const server = listen({ port: 0 }, (conn) => {
      for (let message = conn.receive(); message !== undefined; message = conn.receive()) {
        if (typeof message === 'string') conn.send(`echo: ${message}`);
        else conn.send(Buffer.concat([Buffer.from('bin:'), message]));
      }
    });
    try {
      assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
      const client = connect(server.url);
      client.send('hello');
      assert.equal(client.receive(), 'echo: hello');
      client.sendJson({ dish: 'ramen' });
      assert.equal(client.receive(), 'echo: {"dish":"ramen"}');
      client.send(new Uint8Array([1, 2, 3]));
      const binary = client.receive();
      assert.ok(Buffer.isBuffer(binary));
      assert.deepEqual([...binary], [...Buffer.from('bin:'), 1, 2, 3]);
      client.close();
      assert.equal(client.closed, true);
      assert.equal(client.closeCode, 1000);
    } finally {
      server.close();
    }
  }));

  test('messages that arrive before receive() are queued in order; receive() gives undefined once closed', asAsync(() => {
    const done = new Event();
    const server = listen({ port: 0 }, (conn) => {
      for (let i = 1; i <= 5; i++) conn.sendJson({ i });
      conn.close(4000, 'that is all');
      done.set();
    });
    try {
      const client = connect(server.url);
      done.wait();
      waitUntil('the client to see the close', () => client.closed);
      assert.equal(client.queued, 5);
      const got: unknown[] = [];
      for (let message = client.receiveJson(); message !== undefined; message = client.receiveJson()) got.push(message);
      assert.deepEqual(got, [{ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }, { i: 5 }]);
      assert.deepEqual([client.closeCode, client.closeReason], [4000, 'that is all']);
      const error = caught(() => client.send('too late')) as WebSocketError;
      assert.ok(error instanceof WebSocketError);
      assert.equal(error.code, 4000);
      assert.match(error.message, /cannot send on WebSocket connection #\d+: it is closed \(code 4000\)/);
    } finally {
      server.close();
    }
  }));

  test('a registry sends to every connection of a key, and forgets connections that close', asAsync(() => {
    const customers = new Registry<string>();
    const server = listen({ port: 0 }, (conn) => {
      const hello = conn.receiveJson<{ customer: string }>();
      if (hello !== undefined) customers.add(hello.customer, conn);
      conn.sendJson({ registered: hello?.customer });
    });
    try {
      const open = (customer: string): WebSocketConnection => {
        const client = connect(server.url);
        client.sendJson({ customer });
        assert.deepEqual(client.receiveJson(), { registered: customer });
        return client;
      };
      const adaPhone = open('ada');
      const adaLaptop = open('ada');
      const bob = open('bob');
      assert.deepEqual(customers.keys().sort(), ['ada', 'bob']);
      assert.equal(customers.get('ada').length, 2);

      assert.equal(customers.sendJson('ada', { eta: 12 }), 2);
      assert.deepEqual(adaPhone.receiveJson(), { eta: 12 });
      assert.deepEqual(adaLaptop.receiveJson(), { eta: 12 });
      assert.equal(bob.queued, 0, 'bob got nothing');
      assert.equal(customers.sendJson('carol', { eta: 1 }), 0);

      adaPhone.close();
      waitUntil('the server to see the phone go', () => customers.get('ada').length === 1);
      assert.equal(customers.send('ada', 'still there?'), 1);
      assert.equal(adaLaptop.receive(), 'still there?');
      assert.equal(customers.broadcastJson({ closing: true }), 2);
      assert.deepEqual([adaLaptop.receiveJson(), bob.receiveJson()], [{ closing: true }, { closing: true }]);
      bob.close();
      waitUntil('bob to leave the registry', () => !customers.has('bob'));
      assert.deepEqual(customers.keys(), ['ada']);
      adaLaptop.close();
      waitUntil('the registry to empty', () => customers.size === 0);
    } finally {
      server.close();
    }
  }));

  test('50 connections are served at once, each by its own task', asAsync(() => {
    const everyone = new Registry<number>();
    const server = listen({ port: 0 }, (conn) => {
      const { id } = conn.receiveJson<{ id: number }>()!;
      everyone.add(id, conn);
      // Each handler waits here until all 50 are connected: handlers run concurrently or never finish.
      const go = conn.receiveJson<{ go: boolean }>();
      conn.sendJson({ id, go: go?.go });
    });
    try {
      const clients = Array.from({ length: 50 }, (_, id) =>
        spawn(() => {
          const client = connect(server.url);
          client.sendJson({ id });
          const started = client.receiveJson<{ go: boolean }>(); // the broadcast below
          client.sendJson(started);
          const answer = client.receiveJson<{ id: number; go: boolean }>();
          client.close();
          return answer;
        }),
      );
      waitUntil('all 50 handlers to register', () => everyone.size === 50);
      assert.equal(everyone.broadcastJson({ go: true }), 50);
      clients.forEach((task, id) => assert.deepEqual(task.join(), { id, go: true }));
    } finally {
      server.close();
    }
  }));

  test('a cancelled or timed-out receive() loses no message: the next receive() gets it', asAsync(() => {
    const server = listen({ port: 0 }, (conn) => {
      conn.receive(); // "now"
      conn.send('first');
      conn.receive();
    });
    try {
      const client = connect(server.url);
      assert.ok(caught(() => timeout(30, () => client.receive())) instanceof Timeout);
      const waiter = spawn(() => client.receive());
      waitUntil('the waiter to wait', () => waiter.state === 'waiting');
      waiter.cancel();
      assert.ok(caught(() => waiter.join()) instanceof Cancelled);
      client.send('now');
      assert.equal(client.receive(), 'first');
      client.close();
    } finally {
      server.close();
    }
  }));

  test('a handler that throws is reported, and its connection closed with 1011', asAsync(() => {
    const reported: unknown[] = [];
    const server = listen({ port: 0, onError: (error, conn) => reported.push([(error as Error).message, typeof conn.id]) }, (conn) => {
      conn.receive();
      throw new Error('handler broke');
    });
    try {
      const client = connect(server.url);
      client.send('boom');
      assert.equal(client.receive(), undefined);
      assert.equal(client.closeCode, 1011);
      assert.deepEqual(reported, [['handler broke', 'number']]);
    } finally {
      server.close();
    }
  }));

  test('a server can share an HTTP server, on a path', asAsync(() => {
    const httpServer = createServer((_req, res) => res.end('plain http'));
    const started = new Event();
    httpServer.listen(0, '127.0.0.1', () => started.set());
    started.wait();
    const server = listen({ server: httpServer, path: '/live' }, (conn) => conn.send('over shared http'));
    try {
      const { port } = httpServer.address() as AddressInfo;
      assert.equal(server.port, port);
      assert.equal(server.url, `ws://127.0.0.1:${port}/live`);
      const client = connect(server.url);
      assert.equal(client.receive(), 'over shared http');
      client.close();
      const wrongPath = caught(() => connect(`ws://127.0.0.1:${port}/elsewhere`)) as WebSocketError;
      assert.ok(wrongPath instanceof WebSocketError);
    } finally {
      server.close();
      httpServer.close();
    }
  }));

  test('connecting where nobody listens is a WebSocketError with the system code', asAsync(() => {
    const server = listen({ port: 0 }, () => {});
    const url = server.url;
    server.close();
    const error = caught(() => connect(url)) as WebSocketError;
    assert.ok(error instanceof WebSocketError);
    assert.equal(error.code, 'ECONNREFUSED');
    assert.match(error.message, new RegExp(`could not open a WebSocket to ${url}: .*ECONNREFUSED`));
  }));

  test('a connection is Disposable: [Symbol.dispose] closes it on every exit path', asAsync(() => {
    const server = listen({ port: 0 }, (conn) => {
      while (conn.receive() !== undefined) {
        // Reads until the client goes away.
      }
    });
    try {
      const sessions: WebSocketConnection[] = [];
      const session = (stop: 'return' | 'throw'): string => {
        const client = connect(server.url);
        sessions.push(client);
        try {
          client.sendJson({ hello: stop });
          if (stop === 'throw') throw new Error('gave up');
          return 'returned';
        } finally {
          client[Symbol.dispose]();
        }
      };
      assert.equal(session('return'), 'returned');
      assert.equal((caught(() => session('throw')) as Error).message, 'gave up');
      for (const client of sessions) assert.deepEqual([client.closed, client.closeCode], [true, 1000]);
      waitUntil('the server to see both go', () => server.connections.size === 0);
    } finally {
      server.close();
    }
  }));

  test('from async code: .async(); outside a task the sync forms throw GreenContextError', async () => {
    const server = await listen.async({ port: 0 }, (conn) => conn.sendJson({ hi: 'async' }));
    try {
      const client = await connect.async(server.url);
      assert.deepEqual(await client.receiveJson.async(), { hi: 'async' });
      const error = caught(() => client.receive()) as GreenContextError;
      assert.ok(error instanceof GreenContextError);
      assert.equal(error.functionName, 'receive');
      await client.close.async();
    } finally {
      await server.close.async();
    }
  });
});
