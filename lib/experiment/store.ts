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
import { LEGACY_TABLES, STORE_SCHEMA, STORE_SCHEMA_VERSION } from "./schema.ts";
import { StoreFormatError } from "./errors.ts";
import { CallLogChunks } from "./_call_log_chunks.ts";
import { PredictionSets } from "./_prediction_sets.ts";
import { fromJson, toJson } from "./_json.ts";
import { ContentTexts } from "../llm/content_texts.ts";
import { StatementCache } from "../llm/statement_cache.ts";
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
  readonly #statements: StatementCache;
  /** Request messages are stored by paragraph, each distinct paragraph once. */
  readonly #texts: ContentTexts;
  /** Call-log entries not yet written: they are written in batches, one transaction each. */
  readonly #pendingCalls: CallLogEntry[] = [];
  /** The call log, in compressed chunks, with per-run totals. */
  readonly #callLog: CallLogChunks;
  /** Judge predictions, one compressed set per (run, step, split). */
  readonly #predictions: PredictionSets;

  #faults?: { beforeWrite(): void };

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    this.#statements = new StatementCache(db);
    this.#texts = withSqliteFile(path, "experiment store", () => new ContentTexts(db));
    this.#callLog = new CallLogChunks(db, this.#texts);
    this.#predictions = new PredictionSets(db);
    this.#faults = injectedWriteFaults();
  }

  /** The prepared statement of `sql`, prepared once per connection. */
  #sql(sql: string): StatementSync {
    return this.#statements.get(sql);
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
      try {
        dropEmptyLegacyTables(db, path);
      } catch (error) {
        db.close();
        throw error;
      }
      db.exec(STORE_SCHEMA);
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
        this.#writeRows(rows);
        this.#sql(
          "UPDATE runs SET last_step = MAX(last_step, ?), updated_at = ? WHERE run_id = ?",
        ).run(record.step, now(), record.runId);
      })
    );
    this.#pendingCalls.splice(0, pending); // Kept for the next write if the step failed.
  }

  /**
   * Writes step rows: predictions into their sets, stage prompts as paragraph ids, other rows as
   * they are (inside the caller's transaction).
   */
  #writeRows(rows: ReturnType<typeof stepRows>): void {
    const sets = new Map<
      string,
      { runId: string; step: number; split: string; list: JudgePrediction[] }
    >();
    for (const [table, values] of rows) {
      if (table === "predictions") {
        const [runId, step, split] = values as [string, number, string];
        const id = `${runId}\u0000${step}\u0000${split}`;
        const set = sets.get(id) ?? { runId, step, split, list: [] };
        set.list.push(JSON.parse(String(values[9])) as JudgePrediction);
        sets.set(id, set);
        continue;
      }
      if (table === "stage_records") {
        values[6] = this.#texts.encodeText(String(values[6]));
      }
      const marks = values.map(() => "?").join(", ");
      this.#sql(`INSERT OR REPLACE INTO ${table} VALUES (${marks})`).run(...values);
    }
    for (const set of sets.values()) {
      this.#predictions.save(set.runId, set.step, set.split, set.list);
    }
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
      prompt: this.#texts.decodeText(String(row.prompt)),
      text: String(row.text),
      callKey: row.call_key === null ? null : String(row.call_key),
      ...(row.data_json === null ? {} : { data: fromJson(row.data_json) }),
    }));
  }

  /** Judge predictions of one step on one split (`test`, `train`, `val-incumbent`, `val-candidate`). */
  predictions(runId: string, step: number, split = "test"): JudgePrediction[] {
    return this.#predictions.read(runId, step, split);
  }

  /** Writes one extra evaluation of a (run, step) prompt on `split` (e.g. `val-post`), in one transaction. */
  saveEvaluation(runId: string, step: number, split: string, evaluation: Evaluation): void {
    this.transaction(() => this.#writeRows(evaluationRows(runId, step, split, evaluation)));
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

  /** Writes the first `count` pending entries (the caller's transaction commits them). */
  #writePendingCalls(count: number): void {
    this.#callLog.write(this.#pendingCalls.slice(0, count));
  }

  /**
   * The call log, optionally of one run and/or role, in the order the calls finished. Streams:
   * rows are read one at a time, so iterating a large log takes constant memory.
   */
  *calls(options: { runId?: string; role?: string } = {}): IterableIterator<CallLogEntry> {
    this.flushCalls();
    for (const row of this.#callLog.rows(options.runId)) {
      if (options.role !== undefined && row.role !== options.role) continue;
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
    const t = runId === undefined ? this.#callLog.allTotals() : this.#callLog.totals(runId);
    return {
      calls: t.calls,
      cacheHits: t.hits,
      failures: t.failures,
      retries: t.retries,
      inputTokens: t.input,
      outputTokens: t.output,
      reasoningTokens: t.reasoning,
      costUsd: t.cost + t.costErr,
    };
  }

  /** Judge answers stored for a run (every split and step) and how many failed to parse. */
  judgeParseFailures(runId: string): { failures: number; total: number } {
    return this.#predictions.counts(runId);
  }

  /**
   * Rows of any table as plain objects (for analyses and record comparisons). `calls` and
   * `predictions` are the logical tables (one row per call and per prediction, request messages
   * and stage prompts as text), whatever their storage.
   */
  table(name: string): Record<string, unknown>[] {
    if (!/^[a-z_]+$/.test(name)) throw new TypeError(`Invalid table name: ${name}`);
    if (name === "calls") {
      this.flushCalls();
      return [...this.#callLog.rows()].map((row) => ({
        ...row,
        request_json: row.request_json === null
          ? null
          : JSON.stringify(this.#texts.decodeJson(String(row.request_json))),
      }));
    }
    if (name === "predictions") return [...this.#predictions.rows()];
    const rows = (this.#sql(`SELECT * FROM ${name} ORDER BY rowid`).all() as Row[])
      .map((row) => ({ ...row }));
    if (name === "stage_records") {
      for (const row of rows) row.prompt = this.#texts.decodeText(String(row.prompt));
    }
    return rows;
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

/**
 * Refuses a store written before version 5 that holds records; drops the legacy tables of an empty
 * one (so it is created anew).
 */
function dropEmptyLegacyTables(db: DatabaseSync, path: string): void {
  const version = Number((db.prepare("PRAGMA user_version").get() as Row).user_version);
  if (version >= STORE_SCHEMA_VERSION) return;
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Row[])
      .map((row) => String(row.name)),
  );
  const legacy = LEGACY_TABLES.filter((name) => tables.has(name));
  if (legacy.length === 0) return;
  for (const name of [...legacy, "steps", "stage_records"].filter((n) => tables.has(n))) {
    if (db.prepare(`SELECT 1 FROM ${name} LIMIT 1`).get() !== undefined) {
      throw new StoreFormatError(path, version, STORE_SCHEMA_VERSION);
    }
  }
  for (const name of [...legacy, "stage_records"].filter((n) => tables.has(n))) {
    db.exec(`DROP TABLE ${name}`);
  }
}

/** Call-log entries written per transaction. */
const CALL_LOG_BATCH = 256;

function now(): string {
  return new Date().toISOString();
}
