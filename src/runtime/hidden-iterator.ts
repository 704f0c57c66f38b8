/**
 * `hiddenIterator(asyncIterable)`: a sync iterable over an async one (Python greenhack's `exempt_it`),
 * so that green code can write `for (const row of hiddenIterator(cursor))`. Its `next` and `return` are
 * hidden functions: a `for…of` in green code suspends the task at each step, and closes the source on
 * `break`, `return` and errors.
 */
import { invalidArgument } from '../errors.ts';
import { hidden } from './hidden.ts';

export interface HiddenIterator<T> extends IterableIterator<T> {
  next(): IteratorResult<T>;
  return(): IteratorResult<T>;
}

export function hiddenIterator<T>(source: AsyncIterable<T> | AsyncIterator<T>): HiddenIterator<T> {
  const open = (): AsyncIterator<T> => {
    if (source != null && typeof (source as AsyncIterable<T>)[Symbol.asyncIterator] === 'function') return (source as AsyncIterable<T>)[Symbol.asyncIterator]();
    if (source != null && typeof (source as AsyncIterator<T>).next === 'function') return source as AsyncIterator<T>;
    throw invalidArgument('hiddenIterator()', 'the source', 'an async iterable or async iterator', source);
  };
  let iterator: AsyncIterator<T> | undefined = open();
  const next = hidden(async (): Promise<IteratorResult<T>> => {
    if (iterator === undefined) return { value: undefined, done: true };
    const result = await iterator.next();
    if (result.done) iterator = undefined;
    return result;
  }, { name: 'hiddenIterator.next' });
  const close = hidden(async (): Promise<IteratorResult<T>> => {
    const current = iterator;
    iterator = undefined;
    await current?.return?.();
    return { value: undefined, done: true };
  }, { name: 'hiddenIterator.return' });
  return {
    next,
    return: close,
    [Symbol.iterator]() {
      return this;
    },
  } as HiddenIterator<T>;
}
