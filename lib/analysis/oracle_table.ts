import type { Example } from "../data/types.ts";
import type { OracleCombinationRecord } from "../experiment/diagnostic_rows.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import { bootstrapStratified } from "../metrics/bootstrap_stratified.ts";
import { spearman } from "../metrics/spearman.ts";
import type { BootstrapInterval } from "../metrics/types.ts";
import type { RandomSource } from "../random.ts";
import { finiteMean } from "./_stats.ts";

/** Inputs of {@linkcode oracleTable}. */
export interface OracleTableInputs {
  /** The oracle combination (picks, combined prompt, its test predictions). */
  record: OracleCombinationRecord;
  /** The test split, for the labels. */
  test: readonly Example[];
  /** The seed (generic) prompt's predictions on the test split. */
  initial: readonly JudgePrediction[];
  /**
   * Per criterion, the predictions of the picked Single run at the picked step on the test split
   * (a criterion without an entry uses `initial`: its pick was the seed).
   */
  single: Readonly<Record<string, readonly JudgePrediction[]>>;
}

/** Options of {@linkcode oracleTable}. */
export interface OracleTableOptions {
  /** Seeded source of the paired bootstrap. */
  random: RandomSource;
  /** Resamples. Default 2000. */
  resamples?: number;
}

/** One row of Table 2: Spearman per criterion and the mean over criteria (`avg`). */
export interface OracleTableRow {
  /** `Initial`, `Single-Task best` or `Combined`. */
  method: "Initial" | "Single-Task best" | "Combined";
  /** ρ per criterion and `avg`. */
  values: Record<string, number>;
}

/** A paired comparison with per-item bootstrap intervals. */
export interface OracleDifference {
  /** `Combined − Initial` or `Combined − Single`. */
  comparison: "Combined − Initial" | "Combined − Single";
  /** Per criterion and `avg`: the difference of ρ and its paired bootstrap interval. */
  values: Record<string, BootstrapInterval>;
}

/** Table 2 of the paper for this run (paper-method §7.6, §9.3). */
export interface OracleTable {
  /** Criteria in order. */
  criteria: string[];
  /** Initial, Single-Task best, Combined. */
  rows: OracleTableRow[];
  /** Paired differences with CIs. */
  differences: OracleDifference[];
  /** Test items scored by all three prompts. */
  items: number;
  /** Which split the picks were made on (`test` carries selection bias). */
  selection: string;
  /** Pick metric. */
  pickMetric: string;
}

type Scores = Map<string, Record<string, number | null>>;

/**
 * Table 2 (Initial, Single-Task best, Combined) per criterion and averaged, with paired bootstrap
 * intervals (test items resampled together) on Combined − Initial and Combined − Single. Items
 * are joined by example id; a criterion's ρ uses the items where all three prompts scored it.
 *
 * @param inputs The record, the test split and the two comparison prediction sets.
 * @param options Seeded source and resamples.
 * @returns The table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "../random.ts";
 * import { oracleTable } from "./oracle_table.ts";
 * const test = [1, 2, 3, 4, 5].map((v) => ({ id: `e${v}`, itemId: `e${v}`, group: "g",
 *   inputs: {}, labels: { fluency: v } }));
 * const preds = (f: (v: number) => number) => test.map((e) => ({ exampleId: e.id,
 *   scores: { fluency: f(e.labels.fluency) }, literals: {}, raw: "", attempts: 1, callKey: "",
 *   dryRun: true }));
 * const table = oracleTable({
 *   record: { gate: "mae", selection: "validation", pickMetric: "spearman", picks: {},
 *     prompt: { instructions: {}, showOutputFormat: true }, predictions: preds((v) => v),
 *     metrics: {} },
 *   test, initial: preds((v) => 6 - v), single: {},
 * }, { random: seededRandom(1), resamples: 50 });
 * assert.equal(table.rows[2].values.fluency, 1);
 * assert.equal(table.differences[0].values.avg.estimate, 2);
 * ```
 */
export function oracleTable(inputs: OracleTableInputs, options: OracleTableOptions): OracleTable {
  const labels = new Map(inputs.test.map((e) => [e.id, e.labels]));
  const criteria = Object.keys(inputs.test[0]?.labels ?? {});
  const scores = (predictions: readonly JudgePrediction[]): Scores =>
    new Map(predictions.map((p) => [p.exampleId, p.scores]));
  const initial = scores(inputs.initial);
  const combined = scores(inputs.record.predictions);
  const single = Object.fromEntries(
    criteria.map((c) => [c, inputs.single[c] ? scores(inputs.single[c]) : initial]),
  );
  const items = inputs.test.map((e) => e.id).filter((id) =>
    initial.has(id) && combined.has(id) && criteria.every((c) => single[c].has(id))
  );
  const usable = (id: string, c: string) =>
    [initial, combined, single[c]].every((s) => Number.isFinite(s.get(id)?.[c] ?? NaN)) &&
    Number.isFinite(labels.get(id)?.[c] ?? NaN);
  const rho = (source: Scores, ids: readonly string[], c: string) => {
    const kept = ids.filter((id) => usable(id, c));
    return spearman(kept.map((id) => source.get(id)![c]), kept.map((id) => labels.get(id)![c]))
      .value;
  };
  const sourceOf = {
    "Initial": () => initial,
    "Single-Task best": (c: string) => single[c],
    "Combined": () => combined,
  } as const;
  const row = (method: OracleTableRow["method"]): OracleTableRow => {
    const values: Record<string, number> = {};
    for (const c of criteria) values[c] = rho(sourceOf[method](c), items, c);
    values.avg = finiteMean(criteria.map((c) => values[c]));
    return { method, values };
  };
  const difference = (comparison: OracleDifference["comparison"]): OracleDifference => {
    const other = comparison === "Combined − Initial"
      ? sourceOf.Initial
      : sourceOf["Single-Task best"];
    const diff = (ids: readonly string[], c: string) =>
      rho(combined, ids, c) - rho(other(c), ids, c);
    const bootstrap = { random: options.random, resamples: options.resamples };
    const values: Record<string, BootstrapInterval> = {};
    if (items.length === 0) {
      const none = { estimate: NaN, low: NaN, high: NaN, resamples: 0, confidence: NaN };
      for (const c of [...criteria, "avg"]) values[c] = none;
      return { comparison, values };
    }
    for (const c of criteria) {
      values[c] = bootstrapStratified([items], ([ids]) => diff(ids, c), bootstrap);
    }
    values.avg = bootstrapStratified(
      [items],
      ([ids]) => finiteMean(criteria.map((c) => diff(ids, c))),
      bootstrap,
    );
    return { comparison, values };
  };
  return {
    criteria,
    rows: [row("Initial"), row("Single-Task best"), row("Combined")],
    differences: [difference("Combined − Initial"), difference("Combined − Single")],
    items: items.length,
    selection: inputs.record.selection,
    pickMetric: inputs.record.pickMetric,
  };
}
