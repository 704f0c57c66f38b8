/**
 * The food-delivery service: `startService(options)` opens the database (and migrates it), serves the
 * page, the views and the WebSocket on one port, and returns once it listens. `variant: 'sync'` (the
 * default) serves view.ts through greenhack's node:http adapter; `variant: 'async'` serves view-async.ts
 * through a plain async listener. Both share the database, the kitchen client, the sessions, the notifier
 * and the WebSocket endpoint.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createPlainServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as http from 'greenhack/http';
import { createPool, type Pool } from 'greenhack/pg';
import { createRouter, createServer, listen } from 'greenhack/servers/node-http';
import { listen as listenWs, type WebSocketConnection, type WebSocketServer } from 'greenhack/ws';
import { LocalNotifier, type Notifier } from './notifier.ts';
import { isServerUrl, PgNotifier } from './pg-notifier.ts';
import { MIGRATION } from './orders.ts';
import { createSessions, type Sessions } from './sessions.ts';
import { createViews, type Deps } from './view.ts';
import { BODY_LIMIT, createAsyncListener } from './view-async.ts';

export interface ServiceOptions {
  /** The kitchen's base URL (`http://127.0.0.1:4000`). */
  kitchenUrl: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A `greenhack/pg` URL (default `pglite://memory`); ignored when `db` is given. */
  databaseUrl?: string;
  /** `application_name` of its PostgreSQL connections (default: the URL's, else `food-delivery`; the listener's ends in `-listen`). */
  applicationName?: string;
  /** A pool to use instead of opening one (it is not closed by `close()`). */
  db?: Pool;
  /** `sync` (default): the sync-style views; `async`: the async/await ones. */
  variant?: 'sync' | 'async';
  /** Time limit of each kitchen call, in ms (default 5000). */
  kitchenTimeoutMs?: number;
  /**
   * Where ETAs go. Default: on a PostgreSQL server, a `PgNotifier` (LISTEN/NOTIFY, so instances sharing
   * the database deliver each other's ETAs); on PGlite, a `LocalNotifier` (the sockets of this process).
   */
  notifier?: Notifier;
  /** Signs session tokens; instances sharing it accept each other's tokens (default: random). */
  sessionSecret?: string;
  /** Where failed requests are logged (default stderr). */
  log?: (message: string) => void;
}

export interface Service {
  /** `http://host:port`: the page is at `/`. */
  readonly url: string;
  readonly port: number;
  /** `ws://host:port/ws` (add `?token=…`). */
  readonly wsUrl: string;
  readonly db: Pool;
  readonly notifier: Notifier;
  readonly sessions: Sessions;
  readonly server: Server;
  /** Closes the sockets, the HTTP server, the notifier, and the database it opened. */
  close(): Promise<void>;
}

// The page and its files, read once at start and served from memory with strict security headers.

export interface StaticFile {
  send(res: ServerResponse): void;
}

const here = dirname(fileURLToPath(import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

// The page runs only its own script and talks only to its own origin (the WebSocket included).
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

async function load(name: string): Promise<StaticFile> {
  const bytes = await readFile(join(here, 'public', name));
  const headers = { ...SECURITY_HEADERS, 'content-type': TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream', 'content-length': String(bytes.length) };
  return {
    send(res) {
      res.writeHead(200, headers);
      res.end(res.req?.method === 'HEAD' ? undefined : bytes);
    },
  };
}

/** The files served, by path. */
export async function loadStaticFiles(): Promise<Record<string, StaticFile>> {
  const [page, script, style, icon] = await Promise.all([load('index.html'), load('app.js'), load('style.css'), load('favicon.svg')]);
  return { '/': page, '/app.js': script, '/style.css': style, '/favicon.svg': icon };
}

/** The WebSocket handler: a token from `POST /session` in `?token=` signs the socket in as that customer. */
function customerSockets(sessions: Sessions, notifier: Notifier): (connection: WebSocketConnection, request: IncomingMessage) => void {
  return (connection, request) => {
    const customer = sessions.verify(new URL(request.url ?? '/', 'http://localhost').searchParams.get('token'));
    if (customer === undefined) {
      // 4401: an application close code (4000–4999) saying "unauthorised", as 401 does for HTTP.
      connection.socket.close(4401, 'sign in first: /ws?token=<token from POST /session>');
      return;
    }
    // Only the server speaks on this socket: a client that sends anything is cut off (1008, policy), so
    // nothing piles up unread.
    connection.socket.on('message', () => connection.socket.close(1008, 'this socket only receives'));
    notifier.subscribe(customer, connection);
    connection.sendJson({ type: 'hello', customer });
  };
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ownDb = options.db === undefined;
  const url = options.databaseUrl ?? 'pglite://memory';
  // An application_name in the URL wins over the default name.
  const applicationName = options.applicationName ?? (/[?&]application_name=/.test(url) ? undefined : 'food-delivery');
  const db = options.db ?? createPool({ url, applicationName });
  try {
    await db.exec.async(MIGRATION);
  } catch (error) {
    if (ownDb) await db.close.async();
    throw error;
  }
  let notifier: Notifier;
  try {
    notifier = options.notifier ?? (isServerUrl(db.url) ? await PgNotifier.start(db, { log }) : new LocalNotifier());
  } catch (error) {
    if (ownDb) await db.close.async();
    throw error;
  }
  const sessions = createSessions(options.sessionSecret);
  const kitchen = http.createClient({ baseUrl: options.kitchenUrl, timeout: options.kitchenTimeoutMs ?? 5000 });
  const deps: Deps = { db, kitchen, kitchenUrl: options.kitchenUrl, notifier, sessions };
  const files = await loadStaticFiles();

  let server: Server;
  if (options.variant === 'async') {
    server = createPlainServer(createAsyncListener(deps, files, log));
  } else {
    const views = createViews(deps);
    const router = createRouter().post('/orders', views.placeOrder).get('/orders', views.listOrders).post('/session', views.signIn);
    for (const [path, file] of Object.entries(files)) router.get(path, (_req, res) => file.send(res));
    server = createServer(router, { log, bodyLimit: BODY_LIMIT });
  }
  let sockets: WebSocketServer | undefined;
  try {
    sockets = await listenWs.async({ server, path: '/ws', maxPayload: 4096 }, customerSockets(sessions, notifier));
    const listening = await listen.async(server, { port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const url = listening.url;
    return {
      url,
      port: listening.port,
      wsUrl: `${url.replace(/^http/, 'ws')}/ws`,
      db,
      notifier,
      sessions,
      server,
      async close() {
        await sockets!.close.async();
        await listening.close.async();
        await notifier.close();
        if (ownDb) await db.close.async();
      },
    };
  } catch (error) {
    await sockets?.close.async();
    if (options.notifier === undefined) await notifier.close();
    if (ownDb) await db.close.async();
    throw error;
  }
}
