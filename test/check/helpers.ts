/**
 * The checker's fixtures: small programs with findings (each exports `run…` functions that take the
 * flagged path) and clean ones (each exports `run`). Packages outside the green scope are committed under
 * `packages/` and copied to `node_modules/` here, a real copy so that paths contain `node_modules`.
 */
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot: string = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const fixturesRoot: string = join(repoRoot, 'test/check/fixtures');
export const cliPath: string = join(repoRoot, 'dist/cli/main.js');

/** A path under test/check/fixtures, with the fixture packages installed. */
export function fixture(...path: string[]): string {
  for (const dir of [fixturesRoot, join(fixturesRoot, 'green-app')]) install(dir);
  return join(fixturesRoot, ...path);
}

function install(dir: string): void {
  const modules = join(dir, 'node_modules');
  if (existsSync(modules)) return;
  // Copied aside, then renamed into place: test files run in parallel and may get here together.
  const staging = `${modules}.${process.pid}`;
  cpSync(join(dir, 'packages'), staging, { recursive: true });
  try {
    renameSync(staging, modules);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The `.ts` files directly in a fixture directory. */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(fixture(dir)).filter((name) => name.endsWith('.ts')).sort().map((name) => fixture(dir, name));
}
