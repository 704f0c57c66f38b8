/**
 * Green tasks and their driver. A task is a generator chain (twins delegating with `yield*`); a hidden
 * call at the bottom yields a promise, which travels up to the driver; the driver waits for it on the
 * event loop and resumes the chain with its value or error. Only the driver calls `next`/`throw`.
 */
import { config } from './config.ts';

/** How the driver resumes a task: with a value, or by throwing an error into it. */
type Resume = 0 | 1;
const Resume = { Next: 0, Throw: 1 } as const;

let nextId = 1;

/** One run of ordinary code that may suspend at hidden calls. */
export class Task<T = unknown> {
  readonly id: number = nextId++;
  readonly name: string;
  readonly promise: Promise<T>;
  /** Stack of the code that started the task, appended to stitched error stacks. */
  readonly origin: { stack?: string } | undefined;
  /** The promise the task is waiting on, while it is suspended. */
  waitingOn: PromiseLike<unknown> | undefined;
  /** Which task was running when this one started (a task started inside another). */
  readonly parent: Task | undefined;
  private resolve!: (value: T) => void;
  private reject!: (error: unknown) => void;
  private readonly chain: Generator<unknown, T, unknown>;
  private readonly onValue = (value: unknown): void => this.step(Resume.Next, value);
  private readonly onError = (error: unknown): void => this.step(Resume.Throw, error);

  constructor(chain: Generator<unknown, T, unknown>, name: string, startedBy: Function) {
    this.chain = chain;
    this.name = name;
    this.parent = current;
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (config.taskOrigins) {
      this.origin = {};
      Error.captureStackTrace(this.origin, startedBy);
    }
  }

  /** Runs the task until its first suspension (or its end). */
  start(): Promise<T> {
    this.step(Resume.Next, undefined);
    return this.promise;
  }

  private step(how: Resume, value: unknown): void {
    const previous = current;
    current = this as Task;
    this.waitingOn = undefined;
    let result: IteratorResult<unknown, T>;
    try {
      result = how === Resume.Next ? this.chain.next(value) : this.chain.throw(value);
    } catch (error) {
      current = previous;
      this.reject(error);
      return;
    }
    current = previous;
    if (result.done) {
      this.resolve(result.value);
      return;
    }
    const awaited = result.value;
    if (awaited instanceof Promise) {
      this.waitingOn = awaited;
      awaited.then(this.onValue, this.onError);
    } else {
      // Top-level `await` of a green entry yields whatever it awaited; a thenable or plain value works too.
      const promise = Promise.resolve(awaited);
      this.waitingOn = promise;
      promise.then(this.onValue, this.onError);
    }
  }
}

let current: Task | undefined;

/** The task whose code is running right now (synchronously), if any. */
export function currentTask(): Task | undefined {
  return current;
}
