/**
 * Every error class greenhack throws, in one place. Messages say what was wrong, what was expected and
 * what to do.
 */

/** Base class of greenhack's own errors, so `catch (e) { if (e instanceof GreenhackError) … }` works. */
export class GreenhackError extends Error {
  override name = 'GreenhackError';
}

/**
 * A hidden function was called where it cannot suspend the current green task, and no synchronous
 * implementation was given: outside any green task, or under a frame that cannot suspend.
 */
export class GreenContextError extends GreenhackError {
  override name = 'GreenContextError';
  /** Name of the hidden function that was called. */
  readonly functionName: string;
  /** What could not suspend: `outside-task`, `getter`, `setter`, `constructor`, `native`, `untransformed`, `generator`, `async`, `plain`. */
  readonly frameKind: string;
  constructor(message: string, functionName: string, frameKind: string) {
    super(message);
    this.functionName = functionName;
    this.frameKind = frameKind;
  }
}

/** Strips the frames V8 captured where the error object was made: they are not where it is thrown. */
function headerOnly(error: Error): void {
  Object.defineProperty(error, 'stack', { value: `${error.name}: ${error.message}`, writable: true, configurable: true, enumerable: false });
}

/**
 * The outcome of a cancelled green task: `task.join()` throws it and `task.promise` rejects with it. Inside
 * the cancelled task nothing throws it: the task is unwound from its suspension point, running `finally`
 * blocks and skipping `catch` blocks, so a broad `catch (e)` cannot swallow a cancellation.
 */
export class Cancelled extends GreenhackError {
  override name = 'Cancelled';
  /** What was passed to `task.cancel(reason)`, if anything. */
  readonly reason: unknown;
  /** Id and name of the cancelled task. */
  readonly taskId: number;
  readonly taskName: string;
  constructor(taskId: number, taskName: string, reason?: unknown, by?: string) {
    const why = reason === undefined ? '' : `: ${reason instanceof Error ? reason.message : String(reason)}`;
    super(`task "${taskName}" (#${taskId}) was cancelled${by ? ` by ${by}` : ''}${why}`);
    this.reason = reason;
    this.taskId = taskId;
    this.taskName = taskName;
    headerOnly(this);
  }
}

/**
 * `timeout(ms, fn)`: `fn` did not finish within `ms` milliseconds. It is thrown where `timeout()` was called;
 * inside `fn` the code was unwound like a cancellation (`finally` blocks ran, `catch` blocks did not).
 */
export class Timeout extends GreenhackError {
  override name = 'Timeout';
  /** The time limit that passed, in milliseconds. */
  readonly ms: number;
  constructor(ms: number, what = 'the operation') {
    super(`${what} did not finish within ${ms} ms`);
    this.ms = ms;
    headerOnly(this);
  }
}

/**
 * Green tasks wait on green primitives (`join`, `Event.wait`, `Lock.acquire`, `Queue.get`, …) that nothing
 * can ever signal: every task is waiting, and the event loop has nothing else to do. Thrown in each such
 * task at its wait.
 */
export class DeadlockError extends GreenhackError {
  override name = 'DeadlockError';
  /** Every waiting task and what it waits on, one line per task (`#3 "consumer" waiting 6 ms on Queue.get(): …`). */
  readonly waits: readonly string[];
  constructor(message: string, waits: readonly string[] = []) {
    super(message);
    this.waits = waits;
    headerOnly(this);
  }
}

/** `queue.getNowait()` on an empty `Queue`. */
export class QueueEmpty extends GreenhackError {
  override name = 'QueueEmpty';
}

/** `queue.putNowait()` on a full `Queue`. */
export class QueueFull extends GreenhackError {
  override name = 'QueueFull';
}

/** A lock or semaphore was released more often than it was acquired, or an `RLock` by a task that does not hold it. */
export class LockError extends GreenhackError {
  override name = 'LockError';
}

/**
 * A hidden call through the blocking worker bridge failed for a reason of the bridge's own: the worker
 * crashed or exited, an argument or the result could not be copied to the other thread, or the
 * implementation could not be found in its module.
 */
export class BridgeError extends GreenhackError {
  override name = 'BridgeError';
}

/** A hidden call through the blocking worker bridge took longer than its timeout; the worker was stopped. */
export class BridgeTimeout extends BridgeError {
  override name = 'BridgeTimeout';
}

/** The source could not be compiled (a syntax error, or a construct the transform refuses). */
export class TransformError extends SyntaxError {
  override name = 'TransformError';
  readonly filename: string;
  readonly line: number;
  readonly column: number;
  constructor(message: string, filename: string, line: number, column: number) {
    super(`${filename}:${line}:${column}: ${message}`);
    this.filename = filename;
    this.line = line;
    this.column = column;
  }
}

/** A value passed to a greenhack API has the wrong type. */
export function invalidArgument(api: string, what: string, expected: string, got: unknown): TypeError {
  const shown = got === null ? 'null' : typeof got === 'function' ? 'a function' : typeof got;
  return new TypeError(`${api}: ${what} must be ${expected}, got ${shown}.`);
}

// ---- Batteries (docs/batteries.md) ----

/** Fields PostgreSQL reports with an error (all optional: a connection failure has none of them). */
export interface DatabaseErrorFields {
  /** SQLSTATE, e.g. `23505` (unique_violation), `57014` (query_canceled). */
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  /** 1-based character position of the error in the query text. */
  position?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
}

/**
 * A database operation failed (`greenhack/pg`): an error reported by PostgreSQL (with its SQLSTATE in `code`)
 * or a failure to reach it (`code` undefined, the underlying error in `cause`). `query` is the SQL text
 * that failed; parameters are never copied into the error or its message.
 */
export class DatabaseError extends GreenhackError {
  override name = 'DatabaseError';
  /** SQLSTATE reported by the server, or undefined when the server reported none (connection failures). */
  readonly code: string | undefined;
  /** The SQL text of the statement that failed, as the caller gave it. */
  readonly query: string | undefined;
  readonly severity: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: string | undefined;
  readonly where: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly dataType: string | undefined;
  readonly constraint: string | undefined;
  constructor(message: string, query: string | undefined, fields: DatabaseErrorFields = {}, cause?: unknown) {
    const shown = query === undefined ? '' : `\n    query: ${query.length > 500 ? query.slice(0, 500) + '…' : query}`;
    super(`${message}${fields.code ? ` (SQLSTATE ${fields.code})` : ''}${shown}`, cause === undefined ? undefined : { cause });
    this.code = fields.code;
    this.query = query;
    this.severity = fields.severity;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.where = fields.where;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.dataType = fields.dataType;
    this.constraint = fields.constraint;
  }
}

/**
 * An HTTP request (`greenhack/http`) got no response: the connection failed (`code` is the system error,
 * e.g. `ECONNREFUSED`), or the response could not be read.
 */
export class HttpRequestError extends GreenhackError {
  override name = 'HttpRequestError';
  readonly method: string;
  readonly url: string;
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, …), when there is one. */
  readonly code: string | undefined;
  constructor(message: string, method: string, url: string, code?: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.method = method;
    this.url = url;
    this.code = code;
  }
}

/** An HTTP request (`greenhack/http`) did not complete, body included, within its `timeout`. */
export class HttpTimeoutError extends HttpRequestError {
  override name = 'HttpTimeoutError';
  /** The time limit that passed, in milliseconds. */
  readonly ms: number;
  constructor(method: string, url: string, ms: number) {
    super(`${method} ${url} did not complete within ${ms} ms`, method, url, 'ETIMEDOUT');
    this.ms = ms;
  }
}

/** `response.raiseForStatus()` (`greenhack/http`) on a response whose status is not 2xx. */
export class HttpStatusError extends GreenhackError {
  override name = 'HttpStatusError';
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The response body as text (at most 1 000 characters). */
  readonly body: string;
  constructor(method: string, url: string, status: number, statusText: string, body: string) {
    super(`${method} ${url} answered ${status}${statusText ? ` ${statusText}` : ''}`);
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body.length > 1000 ? body.slice(0, 1000) + '…' : body;
  }
}

/**
 * A WebSocket (`greenhack/ws`) could not be opened, or an operation needed an open connection: `send` on a
 * closed connection, a handshake that failed or timed out.
 */
export class WebSocketError extends GreenhackError {
  override name = 'WebSocketError';
  /** The close code when the connection was closed (1000 normal, 1006 abnormal, …), or a system error code. */
  readonly code: number | string | undefined;
  constructor(message: string, code?: number | string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}

/**
 * An HTTP error response, for the server adapters (`greenhack/servers/*`): thrown by a handler
 * (`throw new HttpError(404, 'no such order')`) it becomes a response with that status and
 * `{ "error": message }`; the adapters also throw it for malformed requests (400 malformed JSON, 413 a
 * body too large). Statuses from 500 up are logged like any other error.
 */
export class HttpError extends GreenhackError {
  override name = 'HttpError';
  /** The response status, 400–599. */
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`HttpError: status must be an integer from 400 to 599, got ${status}.`);
    this.status = status;
  }
}

/**
 * `SuppressedError` (ES2026, explicit resource management) where the global is missing (Node 20): a
 * resource's disposal threw (`error`) while an earlier error (`suppressed`) was on its way out. Code
 * compiled from `using` throws the global class when there is one (see src/node-features.ts).
 */
export class SuppressedErrorFallback extends Error {
  readonly error: unknown;
  readonly suppressed: unknown;
  constructor(error: unknown, suppressed: unknown, message?: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'SuppressedError', configurable: true, writable: true, enumerable: false });
    this.error = error;
    this.suppressed = suppressed;
  }
}

/**
 * Every error class above, by name, for code that must find one from its name: the blocking bridge sends
 * errors between threads by class name (runtime/bridge/index.ts). A list rather than the module's namespace,
 * so that importers name what they use (the build points named imports straight at the merged module);
 * test/core/errors.test.ts checks that it names every class this module exports.
 */
export const ERROR_CLASSES: Readonly<Record<string, new (...args: never[]) => Error>> = {
  GreenhackError,
  GreenContextError,
  Cancelled,
  Timeout,
  DeadlockError,
  QueueEmpty,
  QueueFull,
  LockError,
  BridgeError,
  BridgeTimeout,
  TransformError,
  DatabaseError,
  HttpRequestError,
  HttpTimeoutError,
  HttpStatusError,
  WebSocketError,
  HttpError,
  SuppressedErrorFallback,
};
