/** A sync-mode stream: its cursor is on the bridge worker, and each fetch brings a batch back. */
import { hidden } from '../index.ts';
import { checkFunction } from '../batteries/green.ts';
import type { Row } from './backends.ts';
import { type Blocking, blocking, FINISHED, type Link, nextId, type PgOp, restoreBuffers } from './remote-link.ts';
import type { RowStream } from './stream.ts';
import type { HiddenVoid } from './types.ts';

/** What a stream needs of the scope that made it. */
export interface StreamScope {
  readonly link: Link;
  check(): void;
}

type StreamOpen = Extract<PgOp, { op: 'next' }>['open'];

export class RemoteStream<R extends Row> implements RowStream<R> {
  readonly next: Blocking<[], IteratorResult<R, undefined>>;
  readonly forEach: Blocking<[(row: R, index: number) => unknown], number>;
  readonly close: HiddenVoid;
  readonly return: Blocking<[], IteratorResult<R, undefined>>;
  readonly [Symbol.dispose]!: HiddenVoid;
  readonly [Symbol.asyncDispose]!: () => Promise<void>;
  /** Every row was fetched, or the stream was closed or failed (rows fetched may still be read). */
  done = false;
  private readonly id = nextId();
  private started = false;
  private buffer: R[] = [];
  private position = 0;

  constructor(scope: StreamScope, open: StreamOpen) {
    const link = scope.link;
    this.next = blocking('next', (): IteratorResult<R, undefined> => {
      if (this.position < this.buffer.length) return { done: false, value: this.buffer[this.position++]! };
      if (this.done) return FINISHED;
      scope.check();
      this.started = true;
      let batch: { rows: R[]; done: boolean };
      try {
        batch = link.call('next', { op: 'next', stream: this.id, open });
      } catch (error) {
        this.done = true;
        throw error;
      }
      this.buffer = restoreBuffers(batch.rows);
      this.position = 0;
      this.done = batch.done;
      return this.position < this.buffer.length ? { done: false, value: this.buffer[this.position++]! } : FINISHED;
    });
    this.close = blocking('close', (): void => {
      this.buffer = [];
      this.position = 0;
      if (this.done) return;
      this.done = true;
      if (this.started) link.call('close', { op: 'closeStream', stream: this.id });
    });
    this.return = blocking('return', () => {
      this.close();
      return FINISHED;
    });
    this[Symbol.dispose] = this.close;
    this[Symbol.asyncDispose] = () => this.close.async();
    const each = (fn: (row: R, index: number) => unknown): number => {
      checkFunction('forEach()', 'the function', fn);
      let count = 0;
      try {
        for (let step = this.next(); !step.done; step = this.next()) fn(step.value, count++);
        return count;
      } finally {
        if (!this.done) this.close();
      }
    };
    const eachAsync = async (fn: (row: R, index: number) => unknown): Promise<number> => {
      checkFunction('forEach()', 'the function', fn);
      let count = 0;
      try {
        for (let step = this.next(); !step.done; step = this.next()) await fn(step.value, count++);
        return count;
      } finally {
        if (!this.done) this.close();
      }
    };
    this.forEach = hidden(eachAsync, { name: 'forEach', sync: each as never }) as never;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

