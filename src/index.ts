/**
 * greenhack: call async functions from ordinary synchronous code.
 *
 * ```ts
 * const getUser = hidden(async (id: number) => (await db.query('select …', [id])).rows[0])
 * const view = asAsync((req: Req) => ({ name: getUser(req.id).name }))   // await view(req)
 * ```
 */
import { installed } from './runtime/install.ts';
import type { Config } from './runtime/config.ts';
import type { AsAsync } from './runtime/entry-points.ts';
import type { Hidden, HiddenOptions } from './runtime/hidden.ts';
import type { AnyFunction } from './runtime/twin.ts';

export { GreenContextError, GreenhackError, TransformError } from './errors.ts';
export type { AsAsync, Config, Hidden, HiddenOptions };

const api = installed.api;

/** Makes a hidden function: sync signature, async implementation (see DESIGN §3). */
export const hidden: <F extends AnyFunction>(impl: F, options?: HiddenOptions<F>) => Hidden<F> = api.hidden;
/** Wraps a sync function so each call runs it as a green task and returns a promise. */
export const asAsync: <F extends AnyFunction>(fn: F) => AsAsync<F> = api.asAsync;
/** Runs `main` as a green task and sets the exit status from it. */
export const startLoop: (main: () => unknown) => Promise<void> = api.startLoop;
/** True when the calling code can suspend at a hidden call. */
export const isGreen: () => boolean = api.isGreen;
/** Changes process-wide settings (`mode`, `taskOrigins`). */
export const configure: (options: Partial<Config>) => Config = api.configure;
