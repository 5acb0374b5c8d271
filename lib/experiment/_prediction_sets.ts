/**
 * Judge predictions stored per (run, step, split): one deflated JSON array per set, with the count
 * of predictions and of those with an error beside it. Writing predictions of a set that exists
 * replaces those of the same example and appends the others, as row-wise `INSERT OR REPLACE` did.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { JudgePrediction } from "../judge/mod.ts";

type Row = Record<string, unknown>;

/** Reads and writes prediction sets over one connection. */
export class PredictionSets {
  readonly #db: DatabaseSync;
  #read?: StatementSync;
  #write?: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Stores `predictions` in the set of (run, step, split) (inside the caller's transaction). */
  save(runId: string, step: number, split: string, predictions: readonly JudgePrediction[]): void {
    // As row-wise INSERT OR REPLACE: a replaced prediction moves to the end.
    const byExample = new Map(this.read(runId, step, split).map((p) => [p.exampleId, p]));
    for (const p of predictions) {
      byExample.delete(p.exampleId);
      byExample.set(p.exampleId, p);
    }
    const all = [...byExample.values()];
    this.#write ??= this.#db.prepare(
      `INSERT OR REPLACE INTO prediction_sets (run_id, step, split, n, failures, body)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const failures = all.filter((p) => (p.error ?? null) !== null).length;
    const body = deflateRawSync(new TextEncoder().encode(JSON.stringify(all)));
    this.#write.run(runId, step, split, all.length, failures, body);
  }

  /** The predictions of one set, in the order they were stored. */
  read(runId: string, step: number, split: string): JudgePrediction[] {
    this.#read ??= this.#db.prepare(
      "SELECT body FROM prediction_sets WHERE run_id = ? AND step = ? AND split = ?",
    );
    const row = this.#read.get(runId, step, split) as Row | undefined;
    return row ? decode(row.body) : [];
  }

  /** Every prediction as a row of the former `predictions` table, set by set. */
  *rows(): IterableIterator<Row> {
    const sets = this.#db.prepare(
      "SELECT run_id, step, split, body FROM prediction_sets ORDER BY rowid",
    ).iterate() as Iterable<Row>;
    for (const set of sets) {
      for (const p of decode(set.body)) {
        yield {
          run_id: set.run_id,
          step: set.step,
          split: set.split,
          example_id: p.exampleId,
          scores_json: JSON.stringify(p.scores),
          raw: p.raw,
          error: p.error ?? null,
          attempts: p.attempts,
          call_key: p.callKey || null,
          json: JSON.stringify(p),
        };
      }
    }
  }

  /** Predictions stored for a run (every split and step) and how many have an error. */
  counts(runId: string): { failures: number; total: number } {
    const row = this.#db.prepare(
      "SELECT COALESCE(SUM(n), 0) AS total, COALESCE(SUM(failures), 0) AS failures FROM prediction_sets WHERE run_id = ?",
    ).get(runId) as Row;
    return { failures: Number(row.failures), total: Number(row.total) };
  }
}

function decode(body: unknown): JudgePrediction[] {
  return JSON.parse(new TextDecoder().decode(inflateRawSync(body as Uint8Array)));
}
