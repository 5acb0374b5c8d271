/**
 * The experiment store: one SQLite file (WAL) holding the manifest, the runs, every completed
 * step's records and every LLM call. A step is written in one transaction when it completes, so a
 * killed process leaves either the whole step or none of it.
 *
 * @module
 */
import { injectedWriteFaults, withSqliteFile } from "../file_error.ts";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { JudgePrediction, PromptState } from "../judge/mod.ts";
import type { StageRecord } from "../loop/mod.ts";
import { STORE_INDEXES, STORE_MIGRATIONS, STORE_SCHEMA, STORE_SCHEMA_VERSION } from "./schema.ts";
import { fromJson, toJson } from "./_json.ts";
import { ContentTexts } from "../llm/content_texts.ts";
import { toCallLogEntry, toRunRow } from "./_rows.ts";
import { evaluationRows, stepRows } from "./_step_rows.ts";
import * as diagnostics from "./_diagnostic_tables.ts";
import type {
  InstructionTokenLength,
  NoiseRepeat,
  OracleCombinationRecord,
  RatingKind,
  RatingRow,
} from "./diagnostic_rows.ts";
import { tokenizerForModel, type TokenizerName } from "../metrics/tokenizer.ts";
import type { Evaluation } from "../judge/mod.ts";
import type {
  CallLogEntry,
  ExperimentManifest,
  RunCheckpoint,
  RunKey,
  RunRow,
  RunStatus,
  StepMetric,
  StepRecord,
} from "./types.ts";

type Row = Record<string, unknown>;

/** Options of {@linkcode ExperimentStore.open}. */
export interface StoreOptions {
  /** Milliseconds a writer waits for a lock held by another connection. Default 10000. */
  busyTimeoutMs?: number;
}

/** Aggregates of the call log. */
export interface CallTotals {
  /** Calls made (including cache hits and failures). */
  calls: number;
  /** Calls answered from the cache. */
  cacheHits: number;
  /** Calls that failed. */
  failures: number;
  /** Requests retried (each call's attempts beyond the first). */
  retries: number;
  /** Prompt tokens of sent calls (cache hits excluded). */
  inputTokens: number;
  /** Completion tokens of sent calls (cache hits excluded; reasoning included). */
  outputTokens: number;
  /** The part of `outputTokens` endpoints reported as reasoning. */
  reasoningTokens: number;
  /** Dollars. */
  costUsd: number;
}

/** One step of a run as listed by {@linkcode ExperimentStore.steps}. */
export interface StepSummary {
  /** Step number. */
  step: number;
  /** Current prompt after the step. */
  prompt: PromptState;
  /** The candidate the optimizer proposed (`null` at step 0). */
  candidate: PromptState | null;
  /** Whether the candidate was accepted (`null` at step 0). */
  accepted: boolean | null;
  /** Gate decision as stored. */
  gate: unknown;
  /** Ids of the training batch. */
  batchIds: string[];
  /** Judge parse failures on the test split. */
  parseFailures: number;
  /** The rendered judge prompt. */
  renderedPrompt: string;
}

/**
 * Reads and writes one experiment's SQLite file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "./store.ts";
 * const store = ExperimentStore.open(":memory:");
 * const run = store.ensureRun({ algorithm: "textgrad", mode: "SSS", gate: "mae", run: 1, criterion: null }, 43);
 * assert.ok(run.runId === "textgrad/SSS/mae/r1" && run.status === "pending");
 * store.close();
 * ```
 */
export class ExperimentStore {
  /** The SQLite file (or `:memory:`). */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** Request messages are stored by paragraph, each distinct paragraph once. */
  readonly #texts: ContentTexts;
  /** Call-log entries not yet written: they are written in batches, one transaction each. */
  readonly #pendingCalls: CallLogEntry[] = [];

  #faults?: { beforeWrite(): void };

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    this.#texts = withSqliteFile(path, "experiment store", () => new ContentTexts(db));
    this.#faults = injectedWriteFaults();
  }

  /** The prepared statement of `sql`, prepared once per connection. */
  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Opens (creating if needed) the store at `path`, in WAL mode with a busy timeout.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { ExperimentStore } from "./store.ts";
   * const store = ExperimentStore.open(":memory:");
   * assert.ok(store.runs().length === 0);
   * store.close();
   * ```
   */
  static open(path: string, options: StoreOptions = {}): ExperimentStore {
    const db = withSqliteFile(path, "experiment store", () => {
      const db = new DatabaseSync(path);
      db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      db.exec("PRAGMA journal_mode = WAL");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec(STORE_SCHEMA);
      for (const [table, column, definition] of STORE_MIGRATIONS) {
        const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Row[];
        if (columns.some((row) => row.name === column)) continue;
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
      }
      db.exec(STORE_INDEXES);
      db.exec(`PRAGMA user_version = ${STORE_SCHEMA_VERSION}`);
      return db;
    });
    return new ExperimentStore(path, db);
  }

  /** Writes pending call-log entries and closes the connection. */
  close(): void {
    if (!this.#db.isOpen) return;
    this.flushCalls();
    this.#statements.clear();
    this.#db.close();
  }

  /** Runs `fn` inside one transaction (rolled back if it throws). `fn` must not await. */
  transaction<T>(fn: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const value = fn();
      this.#db.exec("COMMIT");
      return value;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      this.#texts.rollback();
      throw error;
    }
  }

  /** Writes the manifest if the store has none; returns the stored one. */
  writeManifest(manifest: ExperimentManifest): ExperimentManifest {
    this.#sql(
      "INSERT OR IGNORE INTO manifest (id, kit_version, created_at, dry_run, json) VALUES (1, ?, ?, ?, ?)",
    ).run(manifest.kitVersion, manifest.createdAt, manifest.dryRun ? 1 : 0, toJson(manifest));
    return this.manifest()!;
  }

  /** The manifest, or `null` for a new store. */
  manifest(): ExperimentManifest | null {
    const row = this.#sql("SELECT json FROM manifest WHERE id = 1").get() as Row | undefined;
    return row ? fromJson(row.json) as ExperimentManifest : null;
  }

  /** Registers a run (no-op when it exists) and returns it. */
  ensureRun(key: RunKey, seed: number): RunRow {
    const runId = runIdOf(key);
    this.#sql(
      `INSERT OR IGNORE INTO runs (run_id, algorithm, mode, gate, run, criterion, seed, status, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    ).run(runId, key.algorithm, key.mode, key.gate, key.run, key.criterion, seed, now());
    return this.run(runId)!;
  }

  /** One run, or `null`. */
  run(runId: string): RunRow | null {
    const row = this.#sql("SELECT * FROM runs WHERE run_id = ?").get(runId) as
      | Row
      | undefined;
    return row ? toRunRow(row) : null;
  }

  /** All runs, ordered by id. */
  runs(): RunRow[] {
    return (this.#sql("SELECT * FROM runs ORDER BY run_id").all() as Row[]).map(toRunRow);
  }

  /** Sets a run's status (and message, e.g. the pause reason). */
  setRunStatus(runId: string, status: RunStatus, message: string | null = null): void {
    this.#write(() =>
      this.#sql("UPDATE runs SET status = ?, message = ?, updated_at = ? WHERE run_id = ?")
        .run(status, message, now(), runId)
    );
  }

  /** Writes a completed step and advances the run's `last_step`, in one transaction. */
  saveStep(record: StepRecord): void {
    const rows = stepRows(record);
    const pending = this.#pendingCalls.length;
    this.#write(() =>
      this.transaction(() => {
        this.#writePendingCalls(pending);
        for (const [table, values] of rows) {
          const marks = values.map(() => "?").join(", ");
          this.#sql(`INSERT OR REPLACE INTO ${table} VALUES (${marks})`)
            .run(...values as (string | number | null)[]);
        }
        this.#sql(
          "UPDATE runs SET last_step = MAX(last_step, ?), updated_at = ? WHERE run_id = ?",
        ).run(record.step, now(), record.runId);
      })
    );
    this.#pendingCalls.splice(0, pending); // Kept for the next write if the step failed.
  }

  /** Runs a write, naming the file in SQLite failures (read-only folder, full disk, corruption). */
  #write<T>(fn: () => T): T {
    return withSqliteFile(this.path, "experiment store", () => {
      this.#faults?.beforeWrite();
      return fn();
    });
  }

  /** What the run's last completed step left behind, or `null` when no step completed. */
  checkpoint(runId: string): RunCheckpoint | null {
    const row = this.#sql(
      `SELECT step, prompt_json, gate_state_json, optimizer_state_json FROM steps
       WHERE run_id = ? ORDER BY step DESC LIMIT 1`,
    ).get(runId) as Row | undefined;
    if (!row) return null;
    return {
      step: Number(row.step),
      prompt: fromJson(row.prompt_json) as PromptState,
      gateState: fromJson(row.gate_state_json) as RunCheckpoint["gateState"],
      optimizerState: fromJson(row.optimizer_state_json),
    };
  }

  /** The run's completed steps in order. */
  steps(runId: string): StepSummary[] {
    const rows = this.#sql("SELECT * FROM steps WHERE run_id = ? ORDER BY step")
      .all(runId) as Row[];
    return rows.map((row) => ({
      step: Number(row.step),
      prompt: fromJson(row.prompt_json) as PromptState,
      candidate: fromJson(row.candidate_json) as PromptState | null,
      accepted: row.accepted === null ? null : row.accepted === 1,
      gate: fromJson(row.gate_json),
      batchIds: fromJson(row.batch_ids_json) as string[],
      parseFailures: Number(row.parse_failures),
      renderedPrompt: String(row.rendered_prompt),
    }));
  }

  /** Per-step metrics of a run (test split by default; `_average` rows hold the mean). */
  stepMetrics(runId: string, options: { split?: string } = {}): StepMetric[] {
    const rows = this.#sql(
      `SELECT step, split, criterion, metric, value, n, missing FROM metrics
       WHERE run_id = ? AND split = ? ORDER BY step, criterion, metric`,
    ).all(runId, options.split ?? "test") as Row[];
    return rows.map((row) => ({
      step: Number(row.step),
      split: String(row.split),
      criterion: String(row.criterion),
      metric: String(row.metric),
      value: row.value === null ? NaN : Number(row.value),
      n: Number(row.n),
      missing: Number(row.missing),
    }));
  }

  /** Stage records of one step, optionally of one stage, in the order they were produced. */
  stageRecords(runId: string, step: number, stage?: string): StageRecord[] {
    const rows =
      (stage === undefined
        ? this.#sql("SELECT * FROM stage_records WHERE run_id = ? AND step = ? ORDER BY seq")
          .all(runId, step)
        : this.#sql(
          "SELECT * FROM stage_records WHERE run_id = ? AND step = ? AND stage = ? ORDER BY seq",
        ).all(runId, step, stage)) as Row[];
    return rows.map((row) => ({
      stage: String(row.stage),
      criteria: fromJson(row.criteria_json) as string[],
      exampleId: row.example_id === null ? null : String(row.example_id),
      prompt: String(row.prompt),
      text: String(row.text),
      callKey: row.call_key === null ? null : String(row.call_key),
      ...(row.data_json === null ? {} : { data: fromJson(row.data_json) }),
    }));
  }

  /** Judge predictions of one step on one split (`test`, `train`, `val-incumbent`, `val-candidate`). */
  predictions(runId: string, step: number, split = "test"): JudgePrediction[] {
    const rows = this.#sql(
      `SELECT json FROM predictions WHERE run_id = ? AND step = ? AND split = ? ORDER BY rowid`,
    ).all(runId, step, split) as Row[];
    return rows.map((row) => fromJson(row.json) as JudgePrediction);
  }

  /** Writes one extra evaluation of a (run, step) prompt on `split` (e.g. `val-post`), in one transaction. */
  saveEvaluation(runId: string, step: number, split: string, evaluation: Evaluation): void {
    this.transaction(() => {
      for (const [table, values] of evaluationRows(runId, step, split, evaluation)) {
        this.#sql(`INSERT OR REPLACE INTO ${table} VALUES (${values.map(() => "?")})`)
          .run(...values);
      }
    });
  }

  /** Saves rater ratings (replacing any of the same run, step, criterion and kind), in one transaction. */
  saveRatings(rows: RatingRow[]): void {
    this.#saveWithCalls(() => diagnostics.saveRatingRows(this.#db, rows));
  }

  /** Stored ratings, optionally of one kind and/or run, ordered by run, step, criterion, kind. */
  ratings(options: { kind?: RatingKind; runId?: string } = {}): RatingRow[] {
    return diagnostics.ratingRows(this.#db, options);
  }

  /** Saves (or replaces) one repeat of the noise-only control. */
  saveNoiseRepeat(repeat: NoiseRepeat): void {
    this.#saveWithCalls(() => diagnostics.saveNoiseRow(this.#db, repeat));
  }

  /** The noise-only control's repeats, by repeat index. */
  noiseRepeats(): NoiseRepeat[] {
    return diagnostics.noiseRows(this.#db);
  }

  /** Saves (or replaces) the oracle combination of its (gate, selection, pick metric). */
  saveOracleCombination(record: OracleCombinationRecord): void {
    this.#saveWithCalls(() => diagnostics.saveOracleRow(this.#db, record));
  }

  /**
   * Writes the pending call-log entries and a diagnostic row in one transaction, as {@linkcode
   * saveStep} does for a step: a kill can never keep a row whose calls were not logged (a resumed
   * pass skips stored rows, so those calls would be missing from the log for good).
   */
  #saveWithCalls(save: () => void): void {
    const pending = this.#pendingCalls.length;
    this.#write(() =>
      this.transaction(() => {
        this.#writePendingCalls(pending);
        save();
      })
    );
    this.#pendingCalls.splice(0, pending);
  }

  /** Stored oracle combinations, ordered by gate, selection and pick metric. */
  oracleCombinations(): OracleCombinationRecord[] {
    return diagnostics.oracleRows(this.#db);
  }

  /**
   * Lengths of every stored post-gate instruction per (run, step, criterion): characters, words and
   * tokens under `tokenizer` (default: the judge model's, {@linkcode tokenizerForModel}).
   */
  instructionTokenLengths(
    options: { runId?: string; tokenizer?: TokenizerName } = {},
  ): Promise<InstructionTokenLength[]> {
    const tokenizer = options.tokenizer ?? tokenizerForModel(this.manifest()?.roles.judge?.model);
    return diagnostics.tokenLengthRows(this.#db, { runId: options.runId, tokenizer });
  }

  /**
   * Appends one LLM call to the call log. Entries are written in batches (one transaction per
   * {@linkcode CALL_LOG_BATCH} calls, and with every saved step), so a killed process loses at
   * most the log of its unfinished steps; their answers stay in the call cache.
   */
  recordCall(entry: CallLogEntry): void {
    // Logging a call counts as a write (for injected faults), though it is written in a batch.
    withSqliteFile(this.path, "experiment store", () => this.#faults?.beforeWrite());
    this.#pendingCalls.push(entry);
    if (this.#pendingCalls.length >= CALL_LOG_BATCH) this.flushCalls();
  }

  /** Writes the pending call-log entries in one transaction. */
  flushCalls(): void {
    const pending = this.#pendingCalls.length;
    if (pending === 0) return;
    this.#write(() => this.transaction(() => this.#writePendingCalls(pending)));
    this.#pendingCalls.splice(0, pending);
  }

  /** Inserts the first `count` pending entries (the caller's transaction commits them). */
  #writePendingCalls(count: number): void {
    const insert = this.#sql(
      `INSERT INTO calls (run_id, key, role, label, request_json, text, model, input_tokens, output_tokens,
       cost_usd, cached, dry_run, error, started_at, duration_ms, reasoning, reasoning_tokens,
       attempts, retry_errors_json, cached_input_tokens)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const entry of this.#pendingCalls.slice(0, count)) {
      insert.run(
        entry.runId,
        entry.key,
        entry.role,
        entry.label,
        entry.request === undefined ? null : this.#texts.encodeJson(entry.request),
        entry.text,
        entry.model,
        entry.inputTokens,
        entry.outputTokens,
        entry.costUsd,
        entry.cached ? 1 : 0,
        entry.dryRun ? 1 : 0,
        entry.error,
        entry.startedAt,
        entry.durationMs,
        entry.reasoning ?? null,
        entry.reasoningTokens ?? 0,
        entry.attempts ?? 1,
        entry.retryErrors && entry.retryErrors.length > 0 ? toJson(entry.retryErrors) : null,
        entry.cachedInputTokens ?? 0,
      );
    }
  }

  /**
   * The call log, optionally of one run and/or role, in the order the calls finished. Streams:
   * rows are read one at a time, so iterating a large log takes constant memory.
   */
  *calls(options: { runId?: string; role?: string } = {}): IterableIterator<CallLogEntry> {
    this.flushCalls();
    const where: string[] = [], params: string[] = [];
    if (options.runId !== undefined) where.push("run_id = ?"), params.push(options.runId);
    if (options.role !== undefined) where.push("role = ?"), params.push(options.role);
    const filter = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`;
    // A statement of its own: two iterations may be open at once.
    const statement = this.#db.prepare(`SELECT * FROM calls ${filter} ORDER BY id`);
    for (const row of statement.iterate(...params) as Iterable<Row>) {
      const entry = toCallLogEntry(row);
      if (row.request_json !== null) {
        entry.request = this.#texts.decodeJson(String(row.request_json));
      }
      yield entry;
    }
  }

  /** Call counts, tokens and dollars of one run (or of the whole experiment). */
  callTotals(runId?: string): CallTotals {
    this.flushCalls();
    const columns = `COUNT(*) AS calls, COALESCE(SUM(cached), 0) AS hits,
       COALESCE(SUM(input_tokens * (1 - cached)), 0) AS i,
       COALESCE(SUM(output_tokens * (1 - cached)), 0) AS o, COALESCE(SUM(cost_usd), 0) AS usd,
       COALESCE(SUM(reasoning_tokens * (1 - cached)), 0) AS r,
       COALESCE(SUM(error IS NOT NULL), 0) AS failures, COALESCE(SUM(attempts - 1), 0) AS retries
       FROM calls`;
    const row =
      (runId === undefined
        ? this.#sql(`SELECT ${columns}`).get()
        : this.#sql(`SELECT ${columns} WHERE run_id = ?`).get(runId)) as Row;
    return {
      calls: Number(row.calls),
      cacheHits: Number(row.hits),
      failures: Number(row.failures),
      retries: Number(row.retries),
      inputTokens: Number(row.i),
      outputTokens: Number(row.o),
      reasoningTokens: Number(row.r),
      costUsd: Number(row.usd),
    };
  }

  /** Judge answers stored for a run (every split and step) and how many failed to parse. */
  judgeParseFailures(runId: string): { failures: number; total: number } {
    const row = this.#db.prepare(
      "SELECT COUNT(*) AS total, COUNT(error) AS failures FROM predictions WHERE run_id = ?",
    ).get(runId) as Row;
    return { failures: Number(row.failures), total: Number(row.total) };
  }

  /** Rows of any table as plain objects (for analyses and record comparisons). */
  table(name: string): Record<string, unknown>[] {
    if (!/^[a-z_]+$/.test(name)) throw new TypeError(`Invalid table name: ${name}`);
    if (name === "calls") this.flushCalls();
    return (this.#sql(`SELECT * FROM ${name} ORDER BY rowid`).all() as Row[])
      .map((row) => ({ ...row }));
  }
}

/**
 * The stable id of a run: `algorithm/mode/gate/r<run>` plus `/<criterion>` for Single mode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runIdOf } from "./store.ts";
 * const id = runIdOf({ algorithm: "textgrad", mode: "Single", gate: "none", run: 2, criterion: "fluency" });
 * assert.ok(id === "textgrad/Single/none/r2/fluency");
 * ```
 */
export function runIdOf(key: RunKey): string {
  const base = `${key.algorithm}/${key.mode}/${key.gate}/r${key.run}`;
  return key.criterion === null ? base : `${base}/${key.criterion}`;
}

/** Call-log entries written per transaction. */
const CALL_LOG_BATCH = 256;

function now(): string {
  return new Date().toISOString();
}
