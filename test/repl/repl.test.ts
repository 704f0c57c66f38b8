/**
 * `greenhack repl` in a real terminal (tmux): hidden calls at the prompt, multi-line input, top-level
 * await, import() of TypeScript, errors from the async side, Ctrl-C cancelling a running task, and
 * history recalled with the Up arrow after a restart.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TmuxSession } from './tmux.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repoRoot, 'dist/cli/main.js');
const home = mkdtempSync(join(tmpdir(), 'greenhack-repl-'));
const historyFile = join(home, 'history');
const sessions: TmuxSession[] = [];
after(() => {
  for (const session of sessions) session.kill();
  rmSync(home, { recursive: true, force: true });
});

function startRepl(name: string): TmuxSession {
  const session = new TmuxSession(name);
  sessions.push(session);
  // The repository is the app: the fixture is in green scope and imports 'greenhack' by its own name.
  session.start([process.execPath, cli, 'repl'], repoRoot, { GREENHACK_REPL_HISTORY: historyFile, GREENHACK_CACHE: '0', NODE_OPTIONS: '', HOME: home });
  return session;
}

const atPrompt = (screen: string) => /(^|\n)> ?$/.test(screen);
const count = (screen: string, text: string) => screen.split(text).length - 1;

/** Types an input at the prompt and waits for `expected` to appear once more, then for the prompt. */
async function evaluate(session: TmuxSession, input: string, expected: string): Promise<string> {
  await session.waitFor('the prompt', atPrompt);
  const before = count(session.screen(), expected);
  session.type(input);
  await session.waitForCount(expected, before + 1);
  return session.waitFor(`the prompt after ${JSON.stringify(input)}`, atPrompt);
}

test('a REPL session in a real terminal', { timeout: 240_000 }, async () => {
  const repl = startRepl('session');
  await repl.waitFor('the welcome line', (screen) => screen.includes('Inputs run as green tasks'));

  // import() of a .ts module through the loader; its exports are hidden functions.
  await evaluate(repl, "const { getUser, fail, slow } = await import('./test/repl/fixtures/users.ts')", 'undefined');
  // A hidden call at the prompt, with no await.
  await evaluate(repl, 'getUser(1)', "{ id: 1, name: 'Ada' }");

  // Multi-line input: the prompt changes to "... " until the function is complete.
  await repl.waitFor('the prompt', atPrompt);
  repl.type('function names(ids) {');
  await repl.waitFor('the continuation prompt', (screen) => /\n\.\.\. ?$/.test(screen));
  repl.type('  return ids.map((id) => getUser(id).name)');
  repl.type('}');
  await evaluate(repl, "names([1, 2, 3]).join('+')", "'Ada+Grace+Edsger'");

  // Top-level await, and declarations that later inputs see.
  await evaluate(repl, "const answer = await new Promise((resolve) => setTimeout(() => resolve(21), 20))", 'undefined');
  await evaluate(repl, 'answer * 2', '42');
  // A static import is turned into an awaited import().
  await evaluate(repl, "import { getUser as lookUp } from './test/repl/fixtures/users.ts'", 'undefined');
  await evaluate(repl, 'lookUp(2).name', "'Grace'");

  // An error thrown by the async implementation is caught by a plain try/catch, or printed.
  await evaluate(repl, "try { fail('caught one') } catch (error) { 'caught: ' + error.message }", "'caught: async side failed: caught one'");
  const loud = await evaluate(repl, "fail('loud')", 'Uncaught Error: async side failed: loud');
  // Its stack names the input and the place in it (REPL<n>:line:column, through the input's source map).
  assert.match(loud, /Uncaught Error: async side failed: loud\n(.*\n)*? +at <main> \(\S*REPL\d+:1:\d+\)/);

  // An error nobody handles (here a timer's) is printed, and the REPL goes on.
  await evaluate(repl, "setTimeout(() => { throw new Error('stray ' + 'timer') }, 10); 'scheduled'", 'Uncaught Error: stray timer');
  await evaluate(repl, 'lookUp(1).name', "'Ada'");

  // Ctrl-C cancels the running task: its finally block runs and the prompt comes back.
  await repl.waitFor('the prompt', atPrompt);
  const started = count(repl.screen(), 'slow-started');
  repl.type("try { slow(600000) } finally { console.log('finally ' + 'ran') }");
  await repl.waitForCount('slow-started', started + 1);
  repl.press('C-c');
  const cancelled = await repl.waitFor('the cancellation', (screen) => screen.includes('finally ran') && screen.includes('Cancelled (Ctrl-C)'));
  assert.ok(cancelled.indexOf('finally ran') < cancelled.indexOf('Cancelled (Ctrl-C)'), 'the finally block runs before the task ends');
  assert.ok(!cancelled.includes('slow-finished'));
  // The REPL goes on working after a cancellation.
  await evaluate(repl, 'getUser(3).name', "'Edsger'");

  // Ctrl-C at an empty prompt warns; a second one leaves.
  await repl.waitFor('the prompt', atPrompt);
  repl.press('C-c');
  await repl.waitFor('the exit hint', (screen) => screen.includes('press Ctrl-C again'));
  assert.equal(repl.exited(), false);
  repl.press('C-c');
  await repl.waitFor('the REPL to exit', () => repl.exited());

  const saved = readFileSync(historyFile, 'utf8').trim().split('\n');
  assert.equal(saved.at(-1), 'getUser(3).name', 'the history file ends with the last input');
  assert.ok(saved.includes('  return ids.map((id) => getUser(id).name)'));

  // A new REPL recalls the previous session's inputs with the Up arrow.
  const again = startRepl('restart');
  await again.waitFor('the welcome line', (screen) => screen.includes('Inputs run as green tasks'));
  await again.waitFor('the prompt', atPrompt);
  again.press('Up');
  await again.waitFor('the recalled input', (screen) => /\n> getUser\(3\)\.name$/.test(screen));
  again.press('Up');
  await again.waitFor('the input before it', (screen) => /\n> try \{ slow\(600000\) \}.*$/.test(screen));
  again.press('Down', 'Enter');
  // Recalled, it runs again (in a session that has not declared getUser: the error shows it is a fresh process).
  await again.waitFor('the recalled input to run', (screen) => screen.includes('Uncaught ReferenceError: getUser is not defined'));
  again.type('.exit');
  await again.waitFor('the REPL to exit', () => again.exited());
});
