/**
 * Reads and writes the diagnostics tables of the store (ratings, the noise-only control, oracle
 * combinations) and derives instruction token lengths from the stored prompts. The store's methods
 * delegate here.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type {
  CriterionScores,
  InstructionTokenLength,
  NoiseRepeat,
  OracleCombinationRecord,
  RatingKind,
  RatingRow,
} from "./diagnostic_rows.ts";
import { countTokens, type TokenizerName } from "../metrics/tokenizer.ts";
import { fromJson, toJson } from "./_json.ts";

type Row = Record<string, unknown>;

/** Inserts (or replaces) ratings keyed by (run, step, criterion, kind); the caller's transaction commits them. */
export function saveRatingRows(db: DatabaseSync, rows: RatingRow[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO ratings (run_id, step, criterion, kind, rating, prompt, raw, call_key, dry_run)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) {
    const rating = r.rating !== null && Number.isFinite(r.rating) ? r.rating : null;
    insert.run(
      r.runId,
      r.step,
      r.criterion,
      r.kind,
      rating,
      r.prompt,
      r.raw,
      r.callKey,
      r.dryRun ? 1 : 0,
    );
  }
}

/** Ratings ordered by run, step, criterion and kind. */
export function ratingRows(
  db: DatabaseSync,
  options: { kind?: RatingKind; runId?: string },
): RatingRow[] {
  const kind = options.kind ?? null, run = options.runId ?? null;
  const rows = db.prepare(
    `SELECT * FROM ratings WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR run_id = ?)
     ORDER BY run_id, step, criterion, kind`,
  ).all(kind, kind, run, run) as Row[];
  return rows.map((row) => ({
    runId: String(row.run_id),
    step: Number(row.step),
    criterion: String(row.criterion),
    kind: String(row.kind) as RatingKind,
    rating: row.rating === null ? null : Number(row.rating),
    prompt: String(row.prompt),
    raw: String(row.raw),
    callKey: row.call_key === null ? null : String(row.call_key),
    dryRun: row.dry_run === 1,
  }));
}

/** Inserts (or replaces) one repeat of the noise-only control. */
export function saveNoiseRow(db: DatabaseSync, repeat: NoiseRepeat): void {
  db.prepare("INSERT OR REPLACE INTO noise_repeats (repeat, json) VALUES (?, ?)")
    .run(repeat.repeat, toJson(repeat));
}

/** Repeats of the noise-only control, by repeat index (undefined metrics read back as `NaN`). */
export function noiseRows(db: DatabaseSync): NoiseRepeat[] {
  const rows = db.prepare("SELECT json FROM noise_repeats ORDER BY repeat").all() as Row[];
  return rows.map((row) => withNaN(fromJson(row.json) as NoiseRepeat));
}

/** Inserts (or replaces) the oracle combination of one (gate, selection, pick metric). */
export function saveOracleRow(db: DatabaseSync, record: OracleCombinationRecord): void {
  db.prepare(
    `INSERT OR REPLACE INTO oracle_combinations (gate, selection, pick_metric, json)
     VALUES (?, ?, ?, ?)`,
  ).run(record.gate, record.selection, record.pickMetric, toJson(record));
}

/** Oracle combinations ordered by gate, selection and pick metric. */
export function oracleRows(db: DatabaseSync): OracleCombinationRecord[] {
  const rows = db.prepare(
    "SELECT json FROM oracle_combinations ORDER BY gate, selection, pick_metric",
  ).all() as Row[];
  return rows.map((row) => {
    const record = withNaN(fromJson(row.json) as OracleCombinationRecord);
    for (const pick of Object.values(record.picks)) pick.score ??= NaN;
    return record;
  });
}

/** Token, character and word lengths of every stored (run, step, criterion) instruction. */
export async function tokenLengthRows(
  db: DatabaseSync,
  options: { runId?: string; tokenizer: TokenizerName },
): Promise<InstructionTokenLength[]> {
  const run = options.runId ?? null;
  const rows = db.prepare(
    `SELECT run_id, step, criterion, instruction, chars, words FROM instruction_lengths
     WHERE (? IS NULL OR run_id = ?) ORDER BY run_id, step, criterion`,
  ).all(run, run) as Row[];
  const out: InstructionTokenLength[] = [];
  for (const row of rows) {
    out.push({
      runId: String(row.run_id),
      step: Number(row.step),
      criterion: String(row.criterion),
      chars: Number(row.chars),
      words: Number(row.words),
      tokens: await countTokens(String(row.instruction), options.tokenizer),
      tokenizer: options.tokenizer,
    });
  }
  return out;
}

/** JSON has no NaN: metric values stored as `null` read back as `NaN`, as the type promises. */
function withNaN<T extends CriterionScores>(record: T): T {
  for (const values of Object.values(record.metrics)) {
    for (const [metric, value] of Object.entries(values)) values[metric] = value ?? NaN;
  }
  return record;
}
