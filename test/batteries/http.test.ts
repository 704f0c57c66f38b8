// greenhack/http against a real node:http server on 127.0.0.1: bodies and headers both ways, statuses,
// network errors, timeouts, cancellation, and requests from many tasks in flight at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { asAsync, Cancelled, configure, GreenContextError, spawn } from 'greenhack';
import * as http from 'greenhack/http';
import { createClient, HttpRequestError, HttpStatusError, HttpTimeoutError } from 'greenhack/http';
import { caught, waitUntil } from './helpers.ts';

const mode = configure({}).mode;
let server: Worker;
let base = '';
/** [0] requests whose client went away before the response was sent, [1] requests that reached /hang, [2] the /gate size. */
const counters = new Int32Array(new SharedArrayBuffer(12));
const abandoned = (): number => Atomics.load(counters, 0);
const hanging = (): number => Atomics.load(counters, 1);
/** A port nobody listens on (bound once, then closed). */
let unusedPort = 0;

before(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  unusedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  server = new Worker(new URL('./fixtures/http-server.mjs', import.meta.url), { workerData: { counters } });
  const port = await new Promise<number>((resolve) => server.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  server.postMessage('close');
  await new Promise((resolve) => server.once('exit', resolve));
});

describe(`greenhack/http (${mode} mode)`, () => {
  test('get returns status, headers and a body read with sync json() and text()', asAsync(() => {
    const response = http.get(`${base}/json`);
    assert.equal(response.status, 200);
    assert.equal(response.ok, true);
    assert.equal(response.method, 'GET');
    assert.equal(response.headers.get('x-custom'), 'yes');
    assert.deepEqual(response.json(), { hello: 'world' });
    assert.equal(response.text(), '{"hello":"world"}');
    assert.deepEqual([...response.bytes().subarray(0, 2)], [123, 34]);
    assert.equal(response.raiseForStatus(), response);
  }));

  test('post, put, patch and delete send JSON, raw bodies, query strings and headers', asAsync(() => {
    const posted = http.post(`${base}/echo`, { json: { dish: 'ramen', count: 2 }, headers: { 'x-token': 't1' }, query: { page: 2, tags: ['a', 'b'], skip: undefined } });
    assert.deepEqual(posted.json(), { method: 'POST', type: 'application/json', token: 't1', agent: null, body: '{"dish":"ramen","count":2}', query: { page: '2', tags: 'b' } });
    assert.equal(new URL(posted.url).search, '?page=2&tags=a&tags=b');
    const put = http.put(`${base}/echo`, { body: 'raw text', headers: { 'content-type': 'text/plain' } });
    assert.deepEqual(put.json<{ method: string; type: string; body: string }>(), { method: 'PUT', type: 'text/plain', token: null, agent: null, body: 'raw text', query: {} });
    assert.equal(http.patch(`${base}/echo`, { json: [1] }).json<{ method: string }>().method, 'PATCH');
    assert.equal(http.delete(`${base}/echo`).json<{ method: string }>().method, 'DELETE');
    assert.equal(http.del, http.delete);
    assert.equal(http.request('options', `${base}/echo`).json<{ method: string }>().method, 'OPTIONS');
  }));

  test('redirects are followed: url is the final one', asAsync(() => {
    const response = http.get(`${base}/redirect`);
    assert.equal(response.status, 200);
    assert.equal(response.url, `${base}/json`);
    assert.equal(http.get(`${base}/redirect`, { redirect: 'manual' }).status, 302);
  }));

  test('a client has a base URL, default headers and a default timeout', asAsync(() => {
    const kitchen = createClient({ baseUrl: base, headers: { 'x-agent': 'greenhack', 'x-token': 'default' }, timeout: 5000 });
    const echoed = kitchen.post('/echo', { json: {}, headers: { 'x-token': 'mine' } }).json<{ agent: string; token: string }>();
    assert.deepEqual([echoed.agent, echoed.token], ['greenhack', 'mine']);
    const impatient = createClient({ baseUrl: base, timeout: 50 });
    assert.ok(caught(() => impatient.get('/hang')) instanceof HttpTimeoutError);
  }));

  test('any status is a response; raiseForStatus() turns a non-2xx one into HttpStatusError', asAsync(() => {
    const response = http.get(`${base}/status/503`);
    assert.equal(response.status, 503);
    assert.equal(response.ok, false);
    assert.equal(response.text(), 'status body 503');
    const error = caught(() => response.raiseForStatus()) as HttpStatusError;
    assert.ok(error instanceof HttpStatusError);
    assert.deepEqual([error.status, error.method, error.url, error.body], [503, 'GET', `${base}/status/503`, 'status body 503']);
    assert.equal(error.message, `GET ${base}/status/503 answered 503 Service Unavailable`);
  }));

  test('json() on a body that is not JSON throws a SyntaxError naming the request', asAsync(() => {
    const response = http.get(`${base}/text`);
    const error = caught(() => response.json()) as Error;
    assert.ok(error instanceof SyntaxError);
    assert.match(error.message, new RegExp(`the body of GET ${base}/text \\(status 200\\) is not JSON: .*it starts with "plain words, not JSON"`));
  }));

  test('a refused connection is an HttpRequestError with the system error code', asAsync(() => {
    const url = `http://127.0.0.1:${unusedPort}/nothing`;
    const error = caught(() => http.get(url)) as HttpRequestError;
    assert.ok(error instanceof HttpRequestError);
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(error.method, 'GET');
    assert.equal(error.url, url);
    assert.match(error.message, new RegExp(`^GET ${url} failed: .*ECONNREFUSED`));
  }));

  test('a timeout is an HttpTimeoutError, and the request is abandoned', asAsync(() => {
    const before = abandoned();
    const error = caught(() => http.get(`${base}/hang`, { timeout: 100 })) as HttpTimeoutError;
    assert.ok(error instanceof HttpTimeoutError);
    assert.ok(error instanceof HttpRequestError);
    assert.equal(error.ms, 100);
    assert.equal(error.code, 'ETIMEDOUT');
    assert.equal(error.message, `GET ${base}/hang did not complete within 100 ms`);
    waitUntil('the server to see the client give up', () => abandoned() === before + 1);
  }));

  if (mode === 'async') {
    test('cancelling a task aborts its request', asAsync(() => {
      const before = abandoned();
      const arrived = hanging();
      const task = spawn(() => http.get(`${base}/hang`));
      waitUntil('the request to reach the server', () => hanging() === arrived + 1);
      task.cancel();
      assert.ok(caught(() => task.join()) instanceof Cancelled);
      waitUntil('the server to see the client give up', () => abandoned() === before + 1);
    }));

    test('requests from 50 tasks are in flight at once', asAsync(() => {
      // The server answers none until all 50 have arrived: sequential requests would time out.
      Atomics.store(counters, 2, 50);
      const tasks = Array.from({ length: 50 }, (_, i) => spawn(() => http.get(`${base}/gate`, { query: { i }, timeout: 20_000 }).json<{ through: boolean }>()));
      for (const task of tasks) assert.deepEqual(task.join(), { through: true });
      Atomics.store(counters, 2, 0);
    }));
  }

  test('from async code: .async() returns a promise of the response', async () => {
    const response = await http.get.async(`${base}/json`);
    assert.deepEqual(response.json(), { hello: 'world' });
    await assert.rejects(http.get.async(`${base}/hang`, { timeout: 20 }), HttpTimeoutError);
  });

  if (mode === 'async') {
    test('outside a green task a request throws GreenContextError', () => {
      const error = caught(() => http.get(`${base}/json`)) as GreenContextError;
      assert.ok(error instanceof GreenContextError);
      assert.equal(error.functionName, 'get');
    });
  } else {
    test('in sync mode a request works outside any task and blocks; a signal or FormData is refused with advice', () => {
      let fired = false;
      const timer = setTimeout(() => (fired = true), 0);
      const started = Date.now();
      while (Date.now() - started < 5) {
        // Let the timer fall due.
      }
      assert.deepEqual(http.get(`${base}/json`).json(), { hello: 'world' });
      assert.equal(fired, false, 'the event loop did not run during the request');
      clearTimeout(timer);
      assert.throws(() => http.get(`${base}/json`, { signal: new AbortController().signal }), { name: 'TypeError', message: /an AbortSignal cannot be passed in sync mode .* Use \{ timeout \} instead/ });
      assert.throws(() => http.post(`${base}/echo`, { body: new FormData() }), { name: 'TypeError', message: /a FormData body cannot be passed in sync mode/ });
    });
  }

  test('bad arguments are reported before anything is sent', async () => {
    await assert.rejects(http.post.async(`${base}/echo`, { json: 1, body: 'x' }), { name: 'TypeError', message: 'http: pass either json or body, not both.' });
    await assert.rejects(http.get.async('/relative'), /invalid URL "\/relative" \(relative URLs need a client with a baseUrl\)/);
    await assert.rejects(http.get.async(`${base}/json`, { timeout: -1 }), { name: 'RangeError' });
    await assert.rejects(http.request.async('BAD METHOD', `${base}/json`), /the method must be a word/);
    assert.throws(() => createClient({ timeout: Number.NaN }), RangeError);
  });
});
