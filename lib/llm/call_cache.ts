/**
 * The call cache: answers of past LLM calls in one SQLite file (`node:sqlite`, WAL mode), keyed by
 * {@linkcode callKey}. Only answers are stored, never errors, and never an API key.
 *
 * How a cache is used is decided by its {@linkcode CacheMode}; {@linkcode CACHE_MODE_POLICIES}
 * spells each mode out as data.
 *
 * @module
 */
import { withSqliteFile } from "../file_error.ts";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { CallKeyMaterial } from "./call_key.ts";
import { ContentTexts } from "./content_texts.ts";
import { StatementCache } from "./statement_cache.ts";
import type { TokenUsage } from "./types.ts";

/** How the kit uses the call cache. */
export type CacheMode = "live" | "record" | "replay" | "off";

/** What a {@linkcode CacheMode} does. */
export interface CacheModePolicy {
  /** Cached answers are served. */
  read: boolean;
  /** New answers are stored (overwriting older ones). */
  write: boolean;
  /** A call with no cached answer is an error instead of a request. */
  missIsError: boolean;
}

/**
 * The cache modes as data:
 * - `live`: serve cached answers, send and store the rest;
 * - `record`: always send, overwrite stored answers;
 * - `replay`: serve cached answers only; a miss throws `ReplayMissError`;
 * - `off`: neither read nor write.
 */
export const CACHE_MODE_POLICIES: Readonly<Record<CacheMode, Readonly<CacheModePolicy>>> = {
  live: { read: true, write: true, missIsError: false },
  record: { read: false, write: true, missIsError: false },
  replay: { read: true, write: false, missIsError: true },
  off: { read: false, write: false, missIsError: false },
};

/** Puts committed together at most (see {@linkcode CallCache.put}). */
const PUT_GROUP = 256;

/** One stored answer. */
export interface CacheEntry {
  /** The call key. */
  key: string;
  /** Role that answered. */
  role: string;
  /** Model that answered (as the endpoint reported it). */
  model: string;
  /** Endpoint identity (never the key). */
  endpointId: string;
  /** What was asked: the key material. */
  request: CallKeyMaterial;
  /** Completion text. */
  text: string;
  /** Finish reason. */
  finishReason: string;
  /** Tokens the call used. */
  usage: TokenUsage;
  /** True when the dry-run backend produced the answer. */
  dryRun: boolean;
  /** ISO time the answer was stored. */
  createdAt: string;
}

/** Options of {@linkcode openCallCache}. */
export interface CallCacheOptions {
  /** How long a writer waits for a lock held by another process, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

interface EntryRow {
  key: string;
  role: string;
  model: string;
  endpoint_id: string;
  request: string;
  text: string;
  finish_reason: string;
  input_tokens: number;
  output_tokens: number;
  usage_estimated: number;
  dry_run: number;
  created_at: string;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS llm_calls (
  key TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  model TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,
  request TEXT NOT NULL,
  text TEXT NOT NULL,
  finish_reason TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  usage_estimated INTEGER NOT NULL,
  dry_run INTEGER NOT NULL,
  created_at TEXT NOT NULL
)`;

const UPSERT = `INSERT OR REPLACE INTO llm_calls (key, role, model, endpoint_id, request, text,
  finish_reason, input_tokens, output_tokens, usage_estimated, dry_run, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * A call cache in one SQLite database. Several processes may share a file (WAL mode with a busy
 * timeout).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CallCache } from "./call_cache.ts";
 * const cache = new CallCache(":memory:");
 * assert(cache.get("missing") === undefined && cache.size() === 0);
 * cache.close();
 * ```
 */
export class CallCache {
  /** Database file path (`:memory:` for a cache that lives as long as the process). */
  readonly path: string;
  #db: DatabaseSync;
  readonly #statements: StatementCache;
  /** Request messages are stored by paragraph, each distinct paragraph once. */
  #texts: ContentTexts;
  /** Puts in the open transaction (0: none open). */
  #pending = 0;
  #flushTimer?: ReturnType<typeof setTimeout>;

  /** Opens (creating if needed) the cache at `path`. */
  constructor(path: string, options: CallCacheOptions = {}) {
    this.path = path;
    this.#db = withSqliteFile(path, "call cache", () => {
      const db = new DatabaseSync(path);
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      if (path !== ":memory:") db.exec("PRAGMA journal_mode = WAL");
      // Under WAL, NORMAL keeps the file consistent after a crash; only the last commits of a
      // power loss can be lost, and a lost answer is asked again.
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec(CREATE_TABLE);
      return db;
    });
    this.#statements = new StatementCache(this.#db);
    this.#texts = withSqliteFile(path, "call cache", () => new ContentTexts(this.#db));
  }

  /** The prepared statement of `sql`, prepared once per connection. */
  #sql(sql: string): StatementSync {
    return this.#statements.get(sql);
  }

  /** The stored answer of `key`, if any. */
  get(key: string): CacheEntry | undefined {
    const row = withSqliteFile(
      this.path,
      "call cache",
      () => this.#sql("SELECT * FROM llm_calls WHERE key = ?").get(key),
    );
    return row === undefined ? undefined : this.#fromRow(row as unknown as EntryRow);
  }

  /**
   * Stores `entry`, replacing any answer stored under its key. Puts made in one turn of the event
   * loop share one transaction, committed when the turn ends (a timer of 0 ms), at 256 puts, or by
   * {@linkcode CallCache.flush} and {@linkcode CallCache.close}: the write lock is never held
   * across an await, and a burst of answers costs one commit instead of one each.
   */
  put(entry: CacheEntry): void {
    withSqliteFile(this.path, "call cache", () => {
      if (this.#pending === 0) this.#db.exec("BEGIN IMMEDIATE");
      try {
        this.#upsert(entry);
      } catch (error) {
        this.#db.exec("ROLLBACK");
        this.#pending = 0;
        this.#texts.rollback();
        throw error;
      }
      if (++this.#pending >= PUT_GROUP) this.flush();
      else this.#flushTimer ??= setTimeout(() => this.flush(), 0);
    });
  }

  /** Commits the answers put since the last commit. */
  flush(): void {
    if (this.#flushTimer !== undefined) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (this.#pending === 0 || !this.#db.isOpen) return;
    this.#pending = 0;
    withSqliteFile(this.path, "call cache", () => this.#db.exec("COMMIT"));
  }

  #fromRow(row: EntryRow): CacheEntry {
    return fromRow(row, this.#texts.decodeJson(row.request));
  }

  #upsert(entry: CacheEntry): void {
    this.#sql(UPSERT).run(
      entry.key,
      entry.role,
      entry.model,
      entry.endpointId,
      this.#texts.encodeEnvelope(entry.request),
      entry.text,
      entry.finishReason,
      entry.usage.inputTokens,
      entry.usage.outputTokens,
      entry.usage.estimated ? 1 : 0,
      entry.dryRun ? 1 : 0,
      entry.createdAt,
    );
  }

  /** Removes the answer of `key`; returns whether one was stored. */
  delete(key: string): boolean {
    return Number(this.#sql("DELETE FROM llm_calls WHERE key = ?").run(key).changes) > 0;
  }

  /** Number of stored answers. */
  size(): number {
    const row = this.#sql("SELECT COUNT(*) AS n FROM llm_calls").get() as { n: number };
    return Number(row.n);
  }

  /** All stored answers, ordered by key (a deterministic order for export). */
  entries(): CacheEntry[] {
    const rows = this.#db.prepare("SELECT * FROM llm_calls ORDER BY key").all();
    return rows.map((row) => this.#fromRow(row as unknown as EntryRow));
  }

  /** Commits pending answers and closes the database. */
  close(): void {
    this.flush();
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}

/**
 * Opens the call cache stored at `path` (`:memory:` by default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openCallCache } from "./call_cache.ts";
 * const cache = openCallCache();
 * assert(cache.path === ":memory:");
 * cache.close();
 * ```
 */
export function openCallCache(path = ":memory:", options: CallCacheOptions = {}): CallCache {
  return new CallCache(path, options);
}

function fromRow(row: EntryRow, request: CallKeyMaterial): CacheEntry {
  return {
    key: row.key,
    role: row.role,
    model: row.model,
    endpointId: row.endpoint_id,
    request,
    text: row.text,
    finishReason: row.finish_reason,
    usage: {
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      estimated: Number(row.usage_estimated) === 1,
    },
    dryRun: Number(row.dry_run) === 1,
    createdAt: row.created_at,
  };
}
