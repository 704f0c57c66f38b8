/**
 * The kitchen from the service's side: reading its answers (shared by both versions of the view:
 * `201 {"mins": n}` is an ETA; anything else, another status, a body without a sane `mins` or no answer
 * at all, is a problem described in words for the 502 the customer gets), and starting it (kitchen.ts)
 * as a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpRequestError, HttpTimeoutError, type HttpResponse } from 'greenhack/http';

export type KitchenOutcome = { mins: number } | { problem: string };

/** Longest a kitchen error message is quoted. */
const QUOTE_LIMIT = 200;

function quoteBody(reply: HttpResponse): string {
  let text = reply.text();
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    if (typeof error === 'string') text = error;
  } catch {
    // Not JSON: quote the text as it is.
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text === '' ? 'no message' : text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

/** What a response from the kitchen means. */
export function readKitchenReply(reply: HttpResponse): KitchenOutcome {
  if (reply.status !== 201) return { problem: `the kitchen answered ${reply.status}: ${quoteBody(reply)}` };
  let mins: unknown;
  try {
    mins = reply.json<{ mins?: unknown }>().mins;
  } catch {
    mins = undefined;
  }
  if (typeof mins !== 'number' || !Number.isInteger(mins) || mins < 0 || mins > 1440) {
    return { problem: `the kitchen answered 201 without {"mins": <whole minutes>}: ${quoteBody(reply)}` };
  }
  return { mins };
}

/** What an error from the HTTP client means, if it is the kitchen's fault; other errors are rethrown. */
export function kitchenUnreachable(error: unknown, kitchenUrl: string): KitchenOutcome {
  if (error instanceof HttpTimeoutError) return { problem: `the kitchen at ${kitchenUrl} did not answer within ${error.ms} ms` };
  if (error instanceof HttpRequestError) return { problem: `the kitchen at ${kitchenUrl} could not be reached (${error.code ?? error.message})` };
  throw error;
}

// Starting the kitchen: `greenhack run kitchen.ts`, waiting until it listens. The child stops when its
// stdin closes, so it ends with this process even if this one is killed.

export interface KitchenOptions {
  /** Default 0: any free port. */
  port?: number;
  host?: string;
  /** `KITCHEN_DELAY_MS`: each order takes this long to acknowledge. */
  delayMs?: number;
  /** `KITCHEN_CLOSED=1`: every order gets 503. */
  closed?: boolean;
}

export interface Kitchen {
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops the kitchen and waits for it to exit. */
  close(): Promise<void>;
}

const greenhackCli = join(dirname(createRequire(import.meta.url).resolve('greenhack/package.json')), 'dist', 'cli', 'main.js');
const kitchenEntry = join(dirname(fileURLToPath(import.meta.url)), 'kitchen.ts');

export function startKitchen(options: KitchenOptions = {}): Promise<Kitchen> {
  const env: NodeJS.ProcessEnv = { ...process.env, KITCHEN_PORT: String(options.port ?? 0), KITCHEN_HOST: options.host ?? '127.0.0.1', KITCHEN_DELAY_MS: String(options.delayMs ?? 0), KITCHEN_CLOSED: options.closed ? '1' : '0' };
  delete env.GREENHACK_MODE; // the kitchen is another service: it always runs green
  const child = spawn(process.execPath, [greenhackCli, 'run', kitchenEntry], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise<Kitchen>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = /kitchen listening on (\S+)/.exec(output)?.[1];
      if (url === undefined) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // keep draining, so the child never blocks on a full pipe
      resolve({ url, process: child, close });
    };
    child.stdout!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the kitchen exited (${signal ?? `status ${code}`}) before it listened: ${output.trim() || 'no output'}`)));
  });
}
