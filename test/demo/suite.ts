// What every running food-delivery service must do, whichever view (sync or async/await) and database
// serve it: the page, sign-in, placing an order with the ETA pushed to that customer's sockets only, 400
// for bad input with nothing stored, 401 without a token, 502 when the kitchen refuses, the order list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, type Demo, openSocket, signIn } from './helpers.ts';

/** `printed`: what the service's first line must say about its database, view and mode. */
export function serviceSuite(name: string, start: () => Promise<Demo>, printed: RegExp): void {
  describe(name, () => {
    let demo: Demo;
    before(async () => {
      demo = await start();
    });
    after(async () => {
      await demo?.stop();
    });

    test('it prints where it runs, with its kitchen, database, view and mode', () => {
      assert.match(demo.output(), /^Food delivery is running at http:\/\/127\.0\.0\.1:\d+ +\(kitchen http:\/\/127\.0\.0\.1:\d+, /m);
      assert.match(demo.output(), printed);
    });

    test('GET / serves the page, its script and style, under a strict content security policy', async () => {
      const page = await call(demo.url, 'GET', '/');
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      assert.match(page.body, /<form id="order-form">/);
      assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
      const script = await call(demo.url, 'GET', '/app.js');
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type')!, /^text\/javascript/);
      assert.match(script.body, /new WebSocket\(/);
      assert.equal((await call(demo.url, 'GET', '/style.css')).status, 200);
      assert.equal((await call(demo.url, 'GET', '/nothing-here')).status, 404);
      assert.equal((await call(demo.url, 'DELETE', '/orders')).status, 405);
    });

    test('POST /session gives a token for a valid name, 400 for anything else', async () => {
      const token = await signIn(demo.url, 'Ada Lovelace');
      assert.match(token, /^[\w-]+\.[\w-]+$/);
      for (const customer of ['', '   ', '<script>', 'x'.repeat(41), 42, null]) {
        const reply = await call(demo.url, 'POST', '/session', { json: { customer } });
        assert.equal(reply.status, 400, `customer ${JSON.stringify(customer)}`);
        assert.match(reply.body.error, /customer must be a name of 1–40 letters/);
      }
    });

    test('POST /orders answers 201 with the ETA and pushes it to every socket of that customer, and no one else', async () => {
      const ada = await signIn(demo.url, 'ada');
      const bob = await signIn(demo.url, 'bob');
      const adaTab1 = openSocket(demo.wsUrl, ada);
      const adaTab2 = openSocket(demo.wsUrl, ada);
      const bobTab = openSocket(demo.wsUrl, bob);
      for (const [socket, customer] of [[adaTab1, 'ada'], [adaTab2, 'ada'], [bobTab, 'bob']] as const) {
        assert.deepEqual(await socket.next(), { type: 'hello', customer });
      }
      const placed = await call(demo.url, 'POST', '/orders', { token: ada, json: { dish: 'ramen', quantity: 2 } });
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      assert.equal(placed.body.mins, 14); // ramen: 12 minutes, and 2 for the second bowl
      assert.deepEqual({ ...placed.body.order, id: 0, createdAt: '' }, { id: 0, customer: 'ada', dish: 'ramen', quantity: 2, status: 'confirmed', etaMins: 14, problem: null, createdAt: '' });
      const eta = { type: 'eta', orderId: placed.body.order.id, dish: 'ramen', quantity: 2, mins: 14 };
      assert.deepEqual(await adaTab1.next(), eta);
      assert.deepEqual(await adaTab2.next(), eta);
      // Bob's socket gets his own ETA next: had Ada's reached it, it would have come first.
      const bobs = await call(demo.url, 'POST', '/orders', { token: bob, json: { dish: 'gyoza' } });
      assert.equal(bobs.status, 201);
      assert.deepEqual(await bobTab.next(), { type: 'eta', orderId: bobs.body.order.id, dish: 'gyoza', quantity: 1, mins: 6 });
      for (const socket of [adaTab1, adaTab2, bobTab]) socket.close();
    });

    test('bad input gets 400 saying what was expected, and nothing is stored', async () => {
      const token = await signIn(demo.url, 'carol');
      const cases: [string, { json?: unknown; raw?: string; type?: string }, RegExp][] = [
        ['an array', { json: [{ dish: 'ramen' }] }, /the body must be a JSON object like \{"dish": "ramen", "quantity": 2\}, got an array/],
        ['no dish', { json: { quantity: 2 } }, /"dish" must be 1–60 letters/],
        ['an empty dish', { json: { dish: '  ' } }, /"dish" must be/],
        ['markup in the dish', { json: { dish: '<img src=x onerror=alert(1)>' } }, /"dish" must be/],
        ['a dish that is not a string', { json: { dish: 7 } }, /"dish" must be .*got number 7/],
        ['a fractional quantity', { json: { dish: 'pho', quantity: 1.5 } }, /"quantity" must be a whole number from 1 to 20, got number 1.5/],
        ['too many', { json: { dish: 'pho', quantity: 21 } }, /"quantity" must be a whole number from 1 to 20/],
        ['a quantity as text', { json: { dish: 'pho', quantity: '2' } }, /"quantity" must be .*got "2"/],
        ['an unknown field', { json: { dish: 'pho', customer: 'ada' } }, /unknown field "customer": an order has only "dish" and "quantity"/],
        ['malformed JSON', { raw: '{"dish": "pho",' }, /malformed JSON body/],
        ['no body', {}, /the body must be a JSON object like .*, got nothing\./],
        ['a body that is not JSON', { raw: 'dish=pho', type: 'application/x-www-form-urlencoded' }, /got a body that is not JSON \(send it with Content-Type: application\/json\)\./],
      ];
      for (const [what, body, message] of cases) {
        const reply = await call(demo.url, 'POST', '/orders', { token, ...body });
        assert.equal(reply.status, 400, `${what}: ${JSON.stringify(reply.body)}`);
        assert.match(reply.body.error, message, what);
      }
      const tooBig = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'pho', padding: 'x'.repeat(20_000) } });
      assert.equal(tooBig.status, 413);
      assert.deepEqual((await call(demo.url, 'GET', '/orders', { token })).body, { orders: [] });
      // Nothing was even attempted: the next order takes the id right after the last one.
      const before = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'pho' } });
      const afterBad = await call(demo.url, 'POST', '/orders', { token, raw: 'dish=pho', type: 'text/plain' });
      assert.equal(afterBad.status, 400);
      const next = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'curry' } });
      assert.equal(next.body.order.id, before.body.order.id + 1);
    });

    test('without a valid token: 401 over HTTP, and the WebSocket is closed with 4401', async () => {
      const none = await call(demo.url, 'POST', '/orders', { json: { dish: 'ramen' } });
      assert.equal(none.status, 401);
      assert.match(none.body.error, /sign in first: POST \/session/);
      const forged = await call(demo.url, 'GET', '/orders', { token: `${Buffer.from('ada').toString('base64url')}.AAAA` });
      assert.equal(forged.status, 401);
      assert.match(forged.body.error, /sign in again/);
      for (const token of [undefined, 'not-a-token', `${Buffer.from('ada').toString('base64url')}.AAAA`]) {
        const { code, reason } = await openSocket(demo.wsUrl, token).closed;
        assert.equal(code, 4401, String(token));
        assert.match(reason, /sign in first/);
      }
    });

    test('a client that sends on its socket is disconnected (1008): the socket only receives', async () => {
      const socket = openSocket(demo.wsUrl, await signIn(demo.url, 'mallory'));
      assert.equal((await socket.next()).type, 'hello');
      socket.send('{"type": "eta", "mins": 0}');
      const { code, reason } = await socket.closed;
      assert.deepEqual([code, reason], [1008, 'this socket only receives']);
    });

    test('a dish the kitchen does not cook: 502 with the kitchen\'s reason, the order kept as kitchen_failed, no ETA pushed', async () => {
      const token = await signIn(demo.url, 'dave');
      const socket = openSocket(demo.wsUrl, token);
      assert.equal((await socket.next()).type, 'hello');
      const reply = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'pizza' } });
      assert.equal(reply.status, 502);
      assert.match(reply.body.error, /^order \d+ was not placed: the kitchen answered 422: "pizza" is not on the menu \(we cook ramen, /);
      assert.equal(reply.body.order.status, 'kitchen_failed');
      const ok = await call(demo.url, 'POST', '/orders', { token, json: { dish: 'tiramisu', quantity: 3 } });
      assert.equal(ok.status, 201);
      assert.equal((await socket.next()).orderId, ok.body.order.id); // the first push is the good order's
      socket.close();
    });

    test('GET /orders lists the signed-in customer\'s own orders, newest first; limit is checked', async () => {
      const token = await signIn(demo.url, 'erin');
      const ids: number[] = [];
      for (const dish of ['pho', 'curry', 'bibimbap']) ids.push((await call(demo.url, 'POST', '/orders', { token, json: { dish } })).body.order.id);
      const list = await call(demo.url, 'GET', '/orders', { token });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.orders.map((order: { id: number }) => order.id), ids.reverse());
      assert.deepEqual(list.body.orders.map((order: { dish: string; etaMins: number; customer: string }) => [order.customer, order.dish, order.etaMins]), [['erin', 'bibimbap', 14], ['erin', 'curry', 15], ['erin', 'pho', 10]]);
      assert.deepEqual((await call(demo.url, 'GET', '/orders?limit=1', { token })).body.orders.map((order: { id: number }) => order.id), [ids[0]]);
      for (const limit of ['0', '201', 'abc', '-1']) {
        const reply = await call(demo.url, 'GET', `/orders?limit=${limit}`, { token });
        assert.equal(reply.status, 400, limit);
        assert.match(reply.body.error, /limit must be a whole number from 1 to 200/);
      }
    });

    test('stopping the service stops its kitchen', async () => {
      assert.equal((await fetch(`${demo.kitchenUrl}/menu`)).status, 200);
      await demo.stop();
      await assert.rejects(fetch(`${demo.kitchenUrl}/menu`), /fetch failed/);
    });
  });
}
