/**
 * The mitigation table as rows to show (`showTable`) or print.
 *
 * @module
 */
import type { MitigationTable } from "./mitigation_table.ts";
import type { ComparisonTable } from "./paper_comparison.ts";

const f = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(digits);

/**
 * One line per arm × mode × gate: per-criterion and average ρ at the last step, Δ vs the
 * baseline with its paired 95 % interval and `*` where it exceeds the noise-only control,
 * specificity, adherence, HVI, instruction-length spread, the router's fallbacks, calls per step
 * by role and dollars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mitigationComparison } from "./mitigation_comparison.ts";
 * const row = { arm: "specificityRouter", mode: "CCC", gate: "mae", perCriterion: { a: 0.2 },
 *   average: 0.2, delta: 0.05, deltaLow: 0.01, deltaHigh: 0.09, exceedsNoise: true,
 *   specificity: 6, adherence: 7, hvi: 1.2, lengthSpread: 10, callsPerStep: { judge: 3 },
 *   usdPerStep: 0.01, judgeCachedShare: null, dryRun: false };
 * const table = mitigationComparison({ rows: [row], noiseRange: 0.02, dryRun: false });
 * assert.equal(table.rows[0][5], "+0.050 [0.010, 0.090] *");
 * ```
 */
export function mitigationComparison(table: MitigationTable): ComparisonTable {
  const criteria = [...new Set(table.rows.flatMap((r) => Object.keys(r.perCriterion)))];
  return {
    headers: [
      "arm",
      "mode",
      "gate",
      ...criteria.map((c) => `ρ ${c}`),
      "ρ avg",
      "Δ vs baseline [95% CI] (* > noise)",
      "specificity",
      "adherence",
      "HVI",
      "length spread (tokens)",
      "router fell back (steps)",
      "calls/step",
      "$/step",
      "judge prompt-cache share",
    ],
    rows: table.rows.map((r) => [
      r.arm,
      r.mode,
      r.gate,
      ...criteria.map((c) => f(r.perCriterion[c])),
      f(r.average),
      r.delta === null
        ? "—"
        : `${r.delta >= 0 ? "+" : ""}${f(r.delta)} [${f(r.deltaLow)}, ${f(r.deltaHigh)}]${
          r.exceedsNoise ? " *" : ""
        }`,
      f(r.specificity, 2),
      f(r.adherence, 2),
      f(r.hvi),
      f(r.lengthSpread, 0),
      r.routing ? `${r.routing.fallback} of ${r.routing.fallback + r.routing.kept}` : "—",
      Object.entries(r.callsPerStep).map(([role, n]) => `${role} ${n.toFixed(1)}`).join(", "),
      f(r.usdPerStep, 4),
      r.judgeCachedShare === null ? "not reported" : `${(100 * r.judgeCachedShare).toFixed(1)} %`,
    ]),
  };
}
