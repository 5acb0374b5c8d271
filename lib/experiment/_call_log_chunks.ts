/**
 * The store's call log, written in compressed chunks: each batch of logged calls is grouped by run
 * and each group is stored as one deflated JSON array of rows (the columns of the former `calls`
 * table), with request messages as content-addressed paragraph ids. Per-run totals are kept up to
 * date in the same transaction (`call_totals`), so summaries never read the log.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { ContentTexts } from "../llm/content_texts.ts";
import { toJson } from "./_json.ts";
import type { CallLogEntry } from "./types.ts";

type Row = Record<string, unknown>;
type Value = string | number | null;

/** Columns of one logged call, in the order of the former `calls` table. */
export const CALL_COLUMNS = [
  "id",
  "run_id",
  "key",
  "role",
  "label",
  "request_json",
  "text",
  "model",
  "input_tokens",
  "output_tokens",
  "cost_usd",
  "cached",
  "dry_run",
  "error",
  "started_at",
  "duration_ms",
  "reasoning",
  "reasoning_tokens",
  "attempts",
  "retry_errors_json",
  "cached_input_tokens",
] as const;

/** The run id of `call_totals` for calls made outside any run. */
const NO_RUN = "";

/** Per-run call totals, as stored. */
export interface CallTotalsRow {
  calls: number;
  hits: number;
  failures: number;
  retries: number;
  input: number;
  output: number;
  reasoning: number;
  /** Dollars, compensated (Neumaier) sum: `cost + costErr`. */
  cost: number;
  costErr: number;
}

/** Reads and writes the chunked call log over one connection. */
export class CallLogChunks {
  readonly #db: DatabaseSync;
  readonly #texts: ContentTexts;
  #nextId: number;
  #nextFlush: number;
  #insert?: StatementSync;
  #totals?: StatementSync;
  #saveTotals?: StatementSync;

  constructor(db: DatabaseSync, texts: ContentTexts) {
    this.#db = db;
    this.#texts = texts;
    const last = db.prepare(
      "SELECT COALESCE(MAX(first_seq + count), 1) AS next, COALESCE(MAX(flush), 0) + 1 AS flush FROM call_log",
    ).get() as Row;
    this.#nextId = Number(last.next);
    this.#nextFlush = Number(last.flush);
  }

  /** Writes `entries` (inside the caller's transaction). */
  write(entries: readonly CallLogEntry[]): void {
    if (entries.length === 0) return;
    const flush = this.#nextFlush++;
    const byRun = new Map<string | null, Value[][]>();
    for (const entry of entries) {
      const row = this.#row(entry, this.#nextId++);
      const group = byRun.get(entry.runId);
      if (group) group.push(row);
      else byRun.set(entry.runId, [row]);
    }
    this.#insert ??= this.#db.prepare(
      "INSERT INTO call_log (flush, run_id, first_seq, count, body) VALUES (?, ?, ?, ?, ?)",
    );
    for (const [runId, rows] of byRun) {
      const body = deflateRawSync(new TextEncoder().encode(JSON.stringify(rows)));
      this.#insert.run(flush, runId, rows[0][0], rows.length, body);
      this.#addTotals(runId ?? NO_RUN, rows);
    }
  }

  #row(entry: CallLogEntry, id: number): Value[] {
    return [
      id,
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
    ];
  }

  #addTotals(runId: string, rows: Value[][]): void {
    const t = this.totals(runId);
    for (const row of rows) {
      const cached = row[11] as number, sent = 1 - cached;
      t.calls++;
      t.hits += cached;
      t.failures += row[13] === null ? 0 : 1;
      t.retries += (row[18] as number) - 1;
      t.input += (row[8] as number) * sent;
      t.output += (row[9] as number) * sent;
      t.reasoning += (row[17] as number) * sent;
      [t.cost, t.costErr] = neumaier(t.cost, t.costErr, row[10] as number);
    }
    this.#saveTotals ??= this.#db.prepare(
      `INSERT OR REPLACE INTO call_totals (run_id, calls, hits, failures, retries, input_tokens,
       output_tokens, reasoning_tokens, cost_usd, cost_err) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#saveTotals.run(
      runId,
      t.calls,
      t.hits,
      t.failures,
      t.retries,
      t.input,
      t.output,
      t.reasoning,
      t.cost,
      t.costErr,
    );
  }

  /** The stored totals of one run (`""`: calls of no run); zeros when it has none. */
  totals(runId: string): CallTotalsRow {
    this.#totals ??= this.#db.prepare("SELECT * FROM call_totals WHERE run_id = ?");
    const row = this.#totals.get(runId) as Row | undefined;
    return row ? totalsOf(row) : {
      calls: 0,
      hits: 0,
      failures: 0,
      retries: 0,
      input: 0,
      output: 0,
      reasoning: 0,
      cost: 0,
      costErr: 0,
    };
  }

  /** The totals of every run, summed. */
  allTotals(): CallTotalsRow {
    const all = this.totals("\u0000none");
    for (const row of this.#db.prepare("SELECT * FROM call_totals ORDER BY run_id").all()) {
      const t = totalsOf(row as Row);
      all.calls += t.calls;
      all.hits += t.hits;
      all.failures += t.failures;
      all.retries += t.retries;
      all.input += t.input;
      all.output += t.output;
      all.reasoning += t.reasoning;
      [all.cost, all.costErr] = neumaier(all.cost, all.costErr, t.cost);
      [all.cost, all.costErr] = neumaier(all.cost, all.costErr, t.costErr);
    }
    return all;
  }

  /**
   * The logged calls as rows (column name → value), optionally of one run, in the order they were
   * logged. Streams chunk by chunk.
   */
  *rows(runId?: string): IterableIterator<Row> {
    // A statement of its own: two iterations may be open at once.
    const statement = runId === undefined
      ? this.#db.prepare("SELECT flush, body FROM call_log ORDER BY id")
      : this.#db.prepare("SELECT flush, body FROM call_log WHERE run_id = ? ORDER BY id");
    const chunks =
      (runId === undefined ? statement.iterate() : statement.iterate(runId)) as Iterable<Row>;
    // Chunks of one flush (one per run) interleave in time: merge them by id.
    let flush = -1, batch: Value[][] = [];
    const drain = function* (): Generator<Row> {
      batch.sort((a, b) => (a[0] as number) - (b[0] as number));
      for (const values of batch) yield rowOf(values);
      batch = [];
    };
    for (const chunk of chunks) {
      if (Number(chunk.flush) !== flush) {
        yield* drain();
        flush = Number(chunk.flush);
      }
      const rows = JSON.parse(new TextDecoder().decode(inflateRawSync(chunk.body as Uint8Array)));
      for (const row of rows as Value[][]) batch.push(row);
    }
    yield* drain();
  }
}

function rowOf(values: Value[]): Row {
  const row: Row = {};
  CALL_COLUMNS.forEach((name, i) => (row[name] = values[i]));
  return row;
}

function totalsOf(row: Row): CallTotalsRow {
  return {
    calls: Number(row.calls),
    hits: Number(row.hits),
    failures: Number(row.failures),
    retries: Number(row.retries),
    input: Number(row.input_tokens),
    output: Number(row.output_tokens),
    reasoning: Number(row.reasoning_tokens),
    cost: Number(row.cost_usd),
    costErr: Number(row.cost_err),
  };
}

/** One step of Neumaier's compensated sum: `[sum, compensation]` after adding `value`. */
function neumaier(sum: number, err: number, value: number): [number, number] {
  const t = sum + value;
  err += Math.abs(sum) >= Math.abs(value) ? (sum - t) + value : (value - t) + sum;
  return [t, err];
}
