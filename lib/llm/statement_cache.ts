/**
 * Prepared SQLite statements, each prepared once per connection (the store and the call cache
 * run the same few statements hundreds of thousands of times).
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/**
 * The prepared statements of one connection, keyed by their SQL text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { StatementCache } from "./statement_cache.ts";
 * const db = new DatabaseSync(":memory:");
 * const statements = new StatementCache(db);
 * const sql = "SELECT 1 AS one";
 * assert.equal(statements.get(sql), statements.get(sql)); // prepared once
 * assert.deepEqual({ ...statements.get(sql).get() }, { one: 1 });
 * statements.clear();
 * db.close();
 * ```
 */
export class StatementCache {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  /** A cache over `db`'s connection. */
  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The prepared statement of `sql`, prepared on first use. */
  get(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Forgets every statement (before the connection closes). */
  clear(): void {
    this.#statements.clear();
  }
}
