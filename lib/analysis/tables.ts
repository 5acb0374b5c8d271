/**
 * Small display tables of the analyses (the notebooks render them as markdown).
 *
 * @module
 */
import type { OracleCombinationRecord } from "../experiment/diagnostic_rows.ts";
import type { LengthShareRelation } from "./length_asymmetry.ts";
import type { ComparisonTable } from "./paper_comparison.ts";
import type { RatingReport } from "./rating_summary.ts";

const f = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");
const excerpt = (text: string, max = 160) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/**
 * The oracle combination's picks: per criterion the Single run and step picked, the pick metric's
 * value on the selection split and the instruction (shortened).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oraclePicksTable } from "./tables.ts";
 * const table = oraclePicksTable({ gate: "mae", selection: "test", pickMetric: "spearman",
 *   predictions: [], metrics: {}, prompt: { instructions: {}, showOutputFormat: true },
 *   picks: { fluency: { runId: null, step: 0, score: NaN, instruction: "Rate from 1 to 5." } } });
 * assert.equal(table.rows[0][1], "seed (no Single data)");
 * ```
 */
export function oraclePicksTable(record: OracleCombinationRecord): ComparisonTable {
  return {
    headers: [
      "criterion",
      "picked run",
      "step",
      `${record.pickMetric} on ${record.selection}`,
      "instruction",
    ],
    rows: Object.entries(record.picks).map(([criterion, pick]) => [
      criterion,
      pick.runId ?? "seed (no Single data)",
      pick.step,
      f(pick.score),
      excerpt(pick.instruction),
    ]),
  };
}

/**
 * The share-vs-Δρ relation as a table, with its rank correlation as the last row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthRelationTable } from "./tables.ts";
 * const table = lengthRelationTable({ spearman: 1, rows: [
 *   { criterion: "a", tokens: 8, share: 0.8, deltaRho: 0.1 },
 *   { criterion: "b", tokens: 2, share: 0.2, deltaRho: -0.1 }] });
 * assert.equal(table.rows.at(-1)?.[3], "1.000");
 * ```
 */
export function lengthRelationTable(relation: LengthShareRelation): ComparisonTable {
  return {
    headers: ["criterion", "tokens in the combined prompt", "share", "Δρ (Combined − Single)"],
    rows: [
      ...relation.rows.map((r) => [r.criterion, r.tokens, f(r.share, 2), f(r.deltaRho)]),
      ["Spearman(share, Δρ) over criteria", "", "", f(relation.spearman)],
    ],
  };
}

/**
 * The per-task vs combined drop of a rating report, per gate and over all gates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ratingDropsTable } from "./tables.ts";
 * const table = ratingDropsTable({ kind: "specificity", excluded: 0, groups: [], drops: [{
 *   gate: "all", perTask: 9, combined: 3.6, dropPercent: 60, low: 55, high: 65,
 *   modes: { perTask: ["SSS"], combined: ["CCC"] } }] });
 * assert.equal(table.rows[0][3], "60.0 [55.0, 65.0]");
 * ```
 */
export function ratingDropsTable(report: RatingReport): ComparisonTable {
  return {
    headers: ["gate", "per-task modes", "combined modes", "drop % [95% CI]"],
    rows: report.drops.map((d) => [
      d.gate,
      `${f(d.perTask, 2)} (${d.modes.perTask.join(", ")})`,
      `${f(d.combined, 2)} (${d.modes.combined.join(", ")})`,
      `${f(d.dropPercent, 1)} [${f(d.low, 1)}, ${f(d.high, 1)}]`,
    ]),
  };
}
