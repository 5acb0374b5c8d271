import type { OracleTable } from "../analysis/oracle_table.ts";
import { PAPER_ORACLE_TABLE } from "../analysis/paper_reference.ts";
import { finish, finiteOrNull, paperMarkers } from "./_style.ts";
import type { FigureOptions, FigureSpec } from "./types.ts";

const METHOD_COLORS: Record<string, string> = {
  "Initial": "#9e9e9e",
  "Single-Task best": "#1f77b4",
  "Combined": "#d62728",
};

/**
 * The oracle combination (paper-method §7.6, Table 2): per criterion and averaged, bars for the
 * generic initial prompt, the best Single-Task instruction and their combination in one prompt;
 * the paper's Table 2 values as grey diamonds over the matching bar. The title carries this run's
 * Combined − Single average with its paired bootstrap CI.
 *
 * @param table The oracle table from `oracleTable()`.
 * @param options Dry-run mark, title, paper markers.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { oracleFigure } from "./oracle_figure.ts";
 * const ci = { estimate: -0.1, low: -0.2, high: 0, resamples: 10, confidence: 0.95 };
 * const row = (method: "Initial" | "Single-Task best" | "Combined", v: number) =>
 *   ({ method, values: { fluency: v, avg: v } });
 * const figure = oracleFigure({ criteria: ["fluency"], items: 5, selection: "validation",
 *   pickMetric: "spearman", rows: [row("Initial", 0.3), row("Single-Task best", 0.4),
 *   row("Combined", 0.2)], differences: [{ comparison: "Combined − Single",
 *   values: { fluency: ci, avg: ci } }] }, { dryRun: false });
 * assert.deepEqual(figure.data[2].y, [0.2, 0.2]);
 * ```
 */
export function oracleFigure(table: OracleTable, options: FigureOptions): FigureSpec {
  const x = [...table.criteria, "avg"];
  const data: Record<string, unknown>[] = table.rows.map((row) => ({
    type: "bar",
    name: row.method,
    x,
    y: x.map((c) => finiteOrNull(row.values[c])),
    offsetgroup: row.method,
    marker: { color: METHOD_COLORS[row.method] },
  }));
  if (options.paper ?? true) {
    for (const paper of PAPER_ORACLE_TABLE) {
      const known = x.filter((c) => paper.values[c]);
      if (known.length === 0) continue;
      data.push(paperMarkers(
        "paper (Table 2), over the matching bar",
        known,
        known.map((c) => paper.values[c].value),
        known.map((c) => paper.values[c].note),
        { offsetgroup: paper.method, legendgroup: "paper", showlegend: paper.method === "Initial" },
      ));
    }
  }
  const diff = table.differences.find((d) => d.comparison === "Combined − Single")?.values.avg;
  const interval = diff && Number.isFinite(diff.low)
    ? ` [${diff.low.toFixed(3)}, ${diff.high.toFixed(3)}] (paired bootstrap, 95%)`
    : "";
  const diffText = diff && Number.isFinite(diff.estimate)
    ? `<br><sub>Combined − Single avg ${diff.estimate.toFixed(3)}${interval}</sub>`
    : "";
  return finish(data, {
    barmode: "group",
    scattermode: "group",
    yaxis: { title: { text: "test Spearman ρ" } },
    xaxis: { title: { text: `criterion (picks on ${table.selection}, by ${table.pickMetric})` } },
  }, {
    dryRun: options.dryRun,
    title: `${
      options.title ?? "Oracle combination of the best single-task instructions"
    }${diffText}`,
  });
}
