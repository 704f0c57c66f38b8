// `npm ci`'s postinstall: installs the pinned tool folders the test suite runs with (tools/node24 for the
// second run of the suite, tools/node22 for its compatibility subset, tools/vitest, which needs Node >= 22),
// so that `npm ci && npm test` works on a fresh machine. Each is `npm ci --prefix tools/<name>`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const tool of ['node24', 'node22', 'vitest']) {
  const run = spawnSync(npm, ['ci', '--prefix', join('tools', tool)], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`npm ci --prefix tools/${tool} failed (exit ${run.status ?? run.signal}): the tests that need it will say so; run it again by hand.`);
    process.exit(run.status ?? 1);
  }
}
