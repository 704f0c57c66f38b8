/**
 * A program running in a real terminal: a detached tmux session on a private server socket, driven with
 * send-keys and read with capture-pane. Waits poll the screen until a condition holds or a generous
 * deadline passes (then the error shows the screen).
 */
import { spawnSync } from 'node:child_process';

const POLL_MS = 50;

export class TmuxSession {
  private readonly socket: string;

  constructor(readonly name: string) {
    this.socket = `greenhack-test-${process.pid}-${name}`;
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout;
  }

  /** Starts `command` (argv) in `cwd`; the pane stays readable after the program exits. */
  start(command: string[], cwd: string, env: Record<string, string>): void {
    const envFlags = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    const shellCommand = command.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
    this.tmux('new-session', '-d', '-s', this.name, '-x', '160', '-y', '50', '-c', cwd, ...envFlags, shellCommand, ';', 'set-option', '-t', this.name, 'remain-on-exit', 'on');
  }

  /** Types `text` literally, then presses Enter. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
    this.tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** Presses keys by tmux name: `C-c`, `Up`, `Enter`. */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** The whole pane, scrollback included, without colours, trailing blank lines dropped. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name, '-S', '-2000').replace(/\s+$/, '');
  }

  exited(): boolean {
    return this.tmux('list-panes', '-t', this.name, '-F', '#{pane_dead}').trim() === '1';
  }

  /** Polls until `condition(screen)` holds; returns the screen. */
  async waitFor(what: string, condition: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (condition(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the terminal shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Waits until the screen has `count` occurrences of `text` (outputs repeat: count them). */
  waitForCount(text: string, count: number, timeoutMs?: number): Promise<string> {
    return this.waitFor(`${count}× ${JSON.stringify(text)}`, (screen) => screen.split(text).length - 1 >= count, timeoutMs);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
