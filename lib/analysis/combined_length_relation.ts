import type { OracleCombinationRecord } from "../experiment/diagnostic_rows.ts";
import { countTokens, type TokenizerName } from "../metrics/tokenizer.ts";
import { type LengthShareRelation, lengthShareRelation } from "./length_asymmetry.ts";
import type { OracleTable } from "./oracle_table.ts";

/**
 * The length-asymmetry question for one oracle combination: each criterion's share of the
 * combined prompt's instruction tokens (under `tokenizer`) against its change of ρ when combined
 * (Combined − Single-Task best, from the oracle table).
 *
 * @param record The oracle combination (its combined prompt's instructions).
 * @param table Its oracle table.
 * @param tokenizer Tokenizer name (`qwen3` or `o200k_base`).
 * @returns Per-criterion tokens, share and Δρ, and their rank correlation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { combinedLengthRelation } from "./combined_length_relation.ts";
 * const relation = await combinedLengthRelation(
 *   { gate: "mae", selection: "test", pickMetric: "spearman", picks: {}, predictions: [],
 *     metrics: {}, prompt: { instructions: { a: "Rate from 1 to 5.", b: "Rate." },
 *     showOutputFormat: true } },
 *   { criteria: ["a", "b"], items: 1, selection: "test", pickMetric: "spearman", differences: [],
 *     rows: [{ method: "Single-Task best", values: { a: 0.3, b: 0.3 } },
 *            { method: "Combined", values: { a: 0.2, b: 0.4 } }] },
 *   "o200k_base",
 * );
 * assert.ok(relation.rows[0].tokens > relation.rows[1].tokens);
 * ```
 */
export async function combinedLengthRelation(
  record: OracleCombinationRecord,
  table: OracleTable,
  tokenizer: TokenizerName,
): Promise<LengthShareRelation> {
  const single = table.rows.find((r) => r.method === "Single-Task best")?.values ?? {};
  const combined = table.rows.find((r) => r.method === "Combined")?.values ?? {};
  const tokens: Record<string, number> = {};
  const delta: Record<string, number> = {};
  for (const c of table.criteria) {
    tokens[c] = await countTokens(record.prompt.instructions[c] ?? "", tokenizer);
    delta[c] = combined[c] - single[c];
  }
  return lengthShareRelation(tokens, delta);
}
