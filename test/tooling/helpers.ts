/**
 * Fixture projects for the tooling tests, copied to a temporary directory with greenhack installed as a
 * dependency (a symlink to this repository, as `npm link` makes), so that `import 'greenhack'` in the
 * fixture and in its compiled output resolves as it does in a user's app.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { repoRoot } from '../loader/helpers.ts';

export { cliPath, positionOf, registerPath, repoRoot, runCli, runNode, runWithLoader } from '../loader/helpers.ts';

/** `<tmp>/node_modules/greenhack` → this repository, and the fixture copied to `<tmp>/<name>`; removed after the test file. */
export function project(name: string): { root: string; app: string } {
  const root = mkdtempSync(join(tmpdir(), `greenhack-${name}-`));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(repoRoot, join(root, 'node_modules', 'greenhack'), 'dir');
  const app = join(root, name);
  cpSync(join(repoRoot, 'test/tooling/fixtures', name), app, { recursive: true });
  // A fixture's dependencies are committed under packages/ (nothing named node_modules is committed).
  if (existsSync(join(app, 'packages'))) renameSync(join(app, 'packages'), join(app, 'node_modules'));
  return { root, app };
}
