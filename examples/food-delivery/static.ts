/** The page and its script, read once at start and served from memory with strict security headers. */
import type { ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
