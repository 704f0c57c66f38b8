// One HTTP server of the `server` scenario, in its own process: `node server-child.mjs <variant>` listens
// on a free loopback port, prints `LISTENING <port>`, and serves POST bodies with the handler workload:
//   async  — handleAsync (async/await)
//   green  — handle, sync-style, each request a green task (asAsync)
//   bridge — handleSync with each store call made through a blocking worker bridge (bench/lib/bridge.mjs)
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { dist, tmpDir } from './common.mjs';
import { createBridge } from './bridge.mjs';

const variant = process.argv[2];
const { asAsync, configure } = await import(dist('index.js'));
configure({ taskOrigins: false }); // as under NODE_ENV=production, where a server runs
// The driver child compiled the workload already (bench/tmp/handler.*.mjs).
const m = await import(pathToFileURL(join(tmpDir, 'handler.plain.mjs')).href);
const g = await import(pathToFileURL(join(tmpDir, 'handler.green.mjs')).href);

let respond;
if (variant === 'async') respond = (body) => m.handleAsync(body);
else if (variant === 'green') respond = asAsync(g.handle);
else if (variant === 'bridge') {
  const bridge = createBridge(pathToFileURL(join(tmpDir, 'handler.plain.mjs')).href);
  const store = {
    findUser: (id) => bridge.call('findUser', id),
    findItems: (ids) => bridge.call('findItems', ids),
    saveOrder: (order) => bridge.call('saveOrder', order),
  };
  respond = (body) => m.handleSync(body, store);
} else throw new Error(`unknown variant ${variant}`);

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    Promise.resolve()
      .then(() => respond(Buffer.concat(chunks).toString('utf8')))
      .then(
        (text) => {
          res.setHeader('content-type', 'application/json');
          res.end(text);
        },
        (error) => {
          res.statusCode = 500;
          res.end(String(error));
        },
      );
  });
});
server.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
