/** A transaction, or a savepoint inside one, on the connection it holds until it ends. */
import { DatabaseError, GreenhackError } from '../errors.ts';
import type { Connection, QueryResult } from './backends.ts';
import { Scope } from './scope.ts';
import type { Transaction } from './types.ts';

export class TransactionImpl extends Scope implements Transaction {
  active = true;
  private savepoints = 0;

  constructor(
    readonly connection: Connection,
    readonly depth: number,
    private readonly savepoint: string | undefined,
  ) {
    super();
  }

  check(): void {
    if (!this.active) {
      throw new GreenhackError(`this ${this.depth === 0 ? 'transaction' : 'savepoint'} has already ended: use the transaction object only inside the function given to transaction().`);
    }
  }

  async withConnection<T>(_signal: AbortSignal | undefined, _owner: object | undefined, work: (connection: Connection) => Promise<T>): Promise<T> {
    this.check();
    return work(this.connection);
  }

  async begin(signal: AbortSignal | undefined): Promise<TransactionImpl> {
    this.check();
    const name = `greenhack_sp_${this.depth + 1}_${++this.savepoints}`;
    await this.connection.query(`SAVEPOINT ${name}`, undefined, signal);
    return new TransactionImpl(this.connection, this.depth + 1, name);
  }

  async streamConnection(): Promise<{ connection: Connection; own: boolean; tx: TransactionImpl }> {
    this.check();
    return { connection: this.connection, own: false, tx: this };
  }

  /** Commits (or releases the savepoint), or rolls back; the transaction is inactive afterwards. */
  async end(commit: boolean): Promise<void> {
    if (!this.active) return;
    this.active = false;
    const connection = this.connection;
    if (this.savepoint !== undefined) {
      if (commit) {
        await connection.query(`RELEASE SAVEPOINT ${this.savepoint}`, undefined, undefined);
      } else {
        // Errors here are dropped: the error that made us roll back is the one to report.
        await connection.query(`ROLLBACK TO SAVEPOINT ${this.savepoint}`, undefined, undefined).catch(() => {});
        await connection.query(`RELEASE SAVEPOINT ${this.savepoint}`, undefined, undefined).catch(() => {});
      }
      return;
    }
    if (!commit) {
      let broken = false;
      await connection.query('ROLLBACK', undefined, undefined).catch(() => (broken = true));
      connection.release(broken);
      return;
    }
    let result: QueryResult;
    try {
      result = await connection.query('COMMIT', undefined, undefined);
    } catch (error) {
      // A failed COMMIT ends the transaction on the server; a lost connection is closed by release.
      connection.release();
      throw error;
    }
    connection.release();
    if (result.command === 'ROLLBACK') {
      // PostgreSQL answers COMMIT with ROLLBACK when a statement failed earlier in the transaction.
      throw new DatabaseError('the transaction was rolled back instead of committed: a statement in it failed earlier (and its error was caught)', 'COMMIT', { code: '25P02' });
    }
  }
}
