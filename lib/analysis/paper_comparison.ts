/**
 * "Paper vs this run" tables: each analysis's values beside the paper's where it has one.
 *
 * @module
 */
import type { ConfigLengths } from "./length_asymmetry.ts";
import type { MainTableRow } from "./main_table.ts";
import type { NoiseBand } from "./noise_band.ts";
import type { OracleTable } from "./oracle_table.ts";
import {
  PAPER_ADHERENCE,
  PAPER_LENGTHS,
  PAPER_NOISE_FLOOR,
  PAPER_ORACLE_TABLE,
  PAPER_SPECIFICITY,
  paperMainRow,
  type PaperValue,
} from "./paper_reference.ts";
import type { RatingReport } from "./rating_summary.ts";

/** A comparison table: headers and rows of plain cells. */
export interface ComparisonTable {
  /** Column headers. */
  headers: string[];
  /** Rows. */
  rows: (string | number | null)[][];
}

const f = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(digits);
const p = (v: PaperValue | null | undefined, digits = 3) =>
  v ? `${f(v.value, digits)} (${v.source})` : "—";

/**
 * Table 1 (and the val=none readings) beside this run's main table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mainTableComparison } from "./paper_comparison.ts";
 * const table = mainTableComparison([{ config: "textgrad/CCC/mae", mode: "CCC", gate: "mae",
 *   runs: 2, initial: 0.1, initialStd: 0, best: 0.2, bestStep: 1, bestStd: 0, delta: 0.1,
 *   finalHvi: 1.5, finalStep: 2, neverBeatsStep0: false }]);
 * assert.equal(table.rows[0][4], "0.285 (blog)");
 * assert.equal(table.rows[0][6], "0.296 (blog) (9)");
 * ```
 */
export function mainTableComparison(rows: readonly MainTableRow[]): ComparisonTable {
  return {
    headers: [
      "mode",
      "gate",
      "runs",
      "initial ρ",
      "paper",
      "best ρ (step)",
      "paper",
      "Δ",
      "paper",
      "final HVI",
      "paper",
      "never beats step 0",
      "paper",
    ],
    rows: rows.map((r) => {
      const paper = paperMainRow(r.mode, r.gate);
      return [
        r.mode,
        r.gate,
        r.runs,
        `${f(r.initial)} ± ${f(r.initialStd)}`,
        p(paper?.initial),
        `${f(r.best)} (${r.bestStep}) ± ${f(r.bestStd)}`,
        paper?.best ? `${p(paper.best)} (${paper.bestStep?.value})` : "—",
        f(r.delta),
        p(paper?.delta),
        f(r.finalHvi),
        p(paper?.finalHvi),
        r.neverBeatsStep0 ? "yes" : "no",
        paper ? (paper.neverImproves ? "yes" : "no") : "—",
      ];
    }),
  };
}

/**
 * The noise floor beside the paper's (inferred) ±0.004.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noiseComparison } from "./paper_comparison.ts";
 * const s = { mean: 0.3, min: 0.29, max: 0.31, std: 0.01, n: 3 };
 * const table = noiseComparison({ repeats: 3, criteria: [], perCriterion: {}, average: s, hvi: [] });
 * assert.equal(table.rows[0][1], "0.020");
 * ```
 */
export function noiseComparison(band: NoiseBand): ComparisonTable {
  return {
    headers: ["quantity", "this run", "paper"],
    rows: [
      ["avg ρ range over repeats (max − min)", f(band.average.max - band.average.min), "—"],
      ["avg ρ half-range", f((band.average.max - band.average.min) / 2), p(PAPER_NOISE_FLOOR)],
      ["avg ρ std over repeats", f(band.average.std), "—"],
      ["avg ρ mean", f(band.average.mean), "0.284 (blog, SSS step 0)"],
      ["HVI growth from noise alone", f((band.hvi.at(-1) ?? NaN) - (band.hvi[0] ?? NaN)), "—"],
      ["repeats", band.repeats, "—"],
    ],
  };
}

const summary = (g: { mean: number; std: number; low: number; high: number; n: number }) =>
  `${f(g.mean, 2)} ± ${f(g.std, 2)} [${f(g.low, 2)}, ${f(g.high, 2)}] n=${g.n}`;

/**
 * Gradient specificity per mode, the drop, and the per-criterion values beside the paper's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specificityComparison } from "./paper_comparison.ts";
 * const table = specificityComparison({ kind: "specificity", excluded: 0, groups: [], drops: [] });
 * assert.ok(table.rows.some((r) => r[2] === "59.00 (blog)"));
 * ```
 */
export function specificityComparison(report: RatingReport): ComparisonTable {
  const rows: ComparisonTable["rows"] = [];
  for (const g of report.groups.filter((g) => g.gate === "all" && g.criterion === "all")) {
    rows.push([`${g.mode}`, summary(g), p(PAPER_SPECIFICITY.byMode[g.mode], 2)]);
  }
  const drop = report.drops.find((d) => d.gate === "all");
  rows.push([
    "per-task modes (mean of mode means)",
    f(drop?.perTask, 2),
    p(PAPER_SPECIFICITY.perTask, 2),
  ]);
  rows.push(["combined modes", f(drop?.combined, 2), p(PAPER_SPECIFICITY.combined, 2)]);
  rows.push([
    "drop %",
    drop ? `${f(drop.dropPercent, 1)} [${f(drop.low, 1)}, ${f(drop.high, 1)}]` : "n/a",
    p(PAPER_SPECIFICITY.dropPercent, 2),
  ]);
  for (const g of report.groups.filter((g) => g.gate === "all" && g.criterion !== "all")) {
    rows.push([
      `${g.mode} · ${g.criterion}`,
      summary(g),
      p(PAPER_SPECIFICITY.byCriterion[g.mode]?.[g.criterion], 2),
    ]);
  }
  rows.push(["ratings excluded (unparseable/out of range)", report.excluded, "—"]);
  return { headers: ["group", "this run: mean ± std [95% CI]", "paper"], rows };
}

/**
 * Feedback adherence per mode and gate beside the paper's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adherenceComparison } from "./paper_comparison.ts";
 * const g = { mode: "SSS", gate: "mae", criterion: "all", mean: 8, std: 1, n: 4, low: 7, high: 9,
 *   excluded: 0 };
 * const table = adherenceComparison({ kind: "adherence", excluded: 0, groups: [g], drops: [] });
 * assert.equal(table.rows[0][3], "8.84 (blog)");
 * ```
 */
export function adherenceComparison(report: RatingReport): ComparisonTable {
  return {
    headers: ["mode", "gate", "this run: mean ± std [95% CI]", "paper"],
    rows: report.groups.filter((g) => g.gate !== "all" && g.criterion === "all").map((g) => [
      g.mode,
      g.gate,
      summary(g),
      p(PAPER_ADHERENCE[g.mode]?.[g.gate], 2),
    ]),
  };
}

/**
 * Table 2 beside the paper's, with this run's paired CIs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oracleComparison } from "./paper_comparison.ts";
 * const table = oracleComparison({ criteria: ["fluency"], items: 3, selection: "test",
 *   pickMetric: "spearman", differences: [],
 *   rows: [{ method: "Combined", values: { fluency: 0.2, avg: 0.2 } }] });
 * assert.equal(table.rows[0][1], "0.200 / 0.303 (blog)");
 * ```
 */
export function oracleComparison(table: OracleTable): ComparisonTable {
  const columns = [...table.criteria, "avg"];
  const rows: ComparisonTable["rows"] = table.rows.map((row) => {
    const paper = PAPER_ORACLE_TABLE.find((r) => r.method === row.method);
    return [row.method, ...columns.map((c) => `${f(row.values[c])} / ${p(paper?.values[c])}`)];
  });
  for (const d of table.differences) {
    const paper = (c: string) => {
      const a = PAPER_ORACLE_TABLE.find((r) => r.method === "Combined")?.values[c];
      const b = PAPER_ORACLE_TABLE.find((r) =>
        r.method === (d.comparison === "Combined − Initial" ? "Initial" : "Single-Task best")
      )?.values[c];
      return a && b ? `${f(a.value - b.value)} (blog)` : "—";
    };
    rows.push([
      `${d.comparison} [95% CI]`,
      ...columns.map((c) =>
        `${f(d.values[c].estimate)} [${f(d.values[c].low)}, ${f(d.values[c].high)}] / ${paper(c)}`
      ),
    ]);
  }
  return { headers: ["this run / paper", ...columns], rows };
}

/**
 * Instruction tokens at the last step per configuration and criterion beside the paper's ≈800
 * (fluency) and ≈4 (relevance).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthComparison } from "./paper_comparison.ts";
 * const pt = { step: 2, tokens: 50, minTokens: 40, maxTokens: 60, chars: 200, words: 40, share: 0.5 };
 * const table = lengthComparison([{ config: "c", mode: "SSS", gate: "none",
 *   tokenizers: ["qwen3"], criteria: ["fluency"], perCriterion: { fluency: [pt] } }]);
 * assert.equal(table.rows[0][3], "50.0");
 * ```
 */
export function lengthComparison(lengths: readonly ConfigLengths[]): ComparisonTable {
  return {
    headers: [
      "mode",
      "gate",
      "criterion",
      "tokens (last step)",
      "chars",
      "words",
      "share",
      "tokenizer",
      "paper (picked instruction)",
    ],
    rows: lengths.flatMap((l) =>
      l.criteria.map((c) => {
        const last = l.perCriterion[c].at(-1);
        return [
          l.mode,
          l.gate,
          c,
          f(last?.tokens, 1),
          f(last?.chars, 0),
          f(last?.words, 0),
          f(last?.share, 2),
          l.tokenizers.join(", "),
          p(PAPER_LENGTHS[c], 0),
        ];
      })
    ),
  };
}
