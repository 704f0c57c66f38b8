// A real PostgreSQL server for the tests: the one named by GREENHACK_TEST_PG_URL or DATABASE_URL (CI starts
// one in .ci/run), else a temporary cluster made here with initdb/pg_ctl from /usr/lib/postgresql/*/bin and
// removed when the process exits. Without PostgreSQL installed the tests fail with a message saying so:
// they are never skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestServer {
  url: string;
  /** Where it came from, for messages. */
  source: string;
  stop(): void;
}

function findBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')) && existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The server to test against: the configured one, or a temporary cluster started now. */
export async function startTestServer(): Promise<TestServer> {
  const configured = process.env.GREENHACK_TEST_PG_URL || process.env.DATABASE_URL;
  if (configured) return { url: configured, source: process.env.GREENHACK_TEST_PG_URL ? 'GREENHACK_TEST_PG_URL' : 'DATABASE_URL', stop() {} };

  const bin = findBin();
  if (bin === undefined) {
    throw new Error(
      'These tests need PostgreSQL. Install it (Debian: apt-get install -y postgresql; .ci/run does) so that a temporary cluster can be started from /usr/lib/postgresql/*/bin, or set GREENHACK_TEST_PG_URL=postgres://user:password@127.0.0.1:5432/db to use a running server.',
    );
  }
  // initdb refuses to run as root: as root, run the server as the postgres user the package created.
  const asRoot = process.getuid?.() === 0;
  let uid: number | undefined;
  let gid: number | undefined;
  if (asRoot) {
    try {
      uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    } catch {
      throw new Error('Running as root, the temporary PostgreSQL cluster must run as the "postgres" user, and there is none. Install Debian\'s postgresql package, or set GREENHACK_TEST_PG_URL.');
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'greenhack-pg-'));
  const password = 'greenhack';
  writeFileSync(join(dir, 'pw'), `${password}\n`);
  if (asRoot) {
    chownSync(dir, uid!, gid!);
    chownSync(join(dir, 'pw'), uid!, gid!);
  }
  const run = (command: string, args: string[]): void => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] as const : [join(bin, command), args] as const;
    const result = spawnSync(full[0], full[1], { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`);
    }
  };
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'greenhack', `--pwfile=${join(dir, 'pw')}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, 'start']);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return { url: `postgres://greenhack:${password}@127.0.0.1:${port}/postgres`, source: `a temporary cluster (${bin})`, stop };
}
