import { PAPER_SPECIFICITY } from "../analysis/paper_reference.ts";
import type { RatingReport } from "../analysis/rating_summary.ts";
import { errorBars, finish, finiteOrNull, orderModes, paperMarkers } from "./_style.ts";
import type { FigureOptions, FigureSpec } from "./types.ts";

/** Options of {@linkcode specificityByCriterionFigure}. */
export interface SpecificityByCriterionOptions extends FigureOptions {
  /** Gate to show, or `"all"` (default). */
  gate?: string;
}

/**
 * Gradient specificity per criterion: grouped bars, one group per criterion and one bar per mode
 * (mean with bootstrap CI); the paper's SCC/CCC values for consistency and coherence as diamonds.
 *
 * @param report Specificity ratings summarized by `summarizeRatings`.
 * @param options Dry-run mark, gate, title, paper markers.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specificityByCriterionFigure } from "./specificity_by_criterion.ts";
 * const group = (mode: string, criterion: string, mean: number) => ({ mode, gate: "all",
 *   criterion, mean, std: 0, n: 2, low: mean, high: mean, excluded: 0 });
 * const figure = specificityByCriterionFigure({ kind: "specificity", excluded: 0, drops: [],
 *   groups: [group("CCC", "fluency", 3), group("CCC", "coherence", 5)] }, { dryRun: false });
 * assert.deepEqual(figure.data[0].y, [3, 5]);
 * ```
 */
export function specificityByCriterionFigure(
  report: RatingReport,
  options: SpecificityByCriterionOptions,
): FigureSpec {
  const gate = options.gate ?? "all";
  const groups = report.groups.filter((g) => g.gate === gate && g.criterion !== "all");
  const criteria = [...new Set(groups.map((g) => g.criterion))];
  const modes = orderModes(groups.map((g) => g.mode));
  const data: Record<string, unknown>[] = modes.map((mode) => {
    const at = (c: string) => groups.find((g) => g.mode === mode && g.criterion === c);
    return {
      type: "bar",
      name: mode,
      x: criteria,
      y: criteria.map((c) => finiteOrNull(at(c)?.mean)),
      error_y: errorBars(
        criteria.map((c) => finiteOrNull((at(c)?.high ?? NaN) - (at(c)?.mean ?? NaN))),
        criteria.map((c) => finiteOrNull((at(c)?.mean ?? NaN) - (at(c)?.low ?? NaN))),
      ),
    };
  });
  if (options.paper ?? true) {
    for (const [mode, values] of Object.entries(PAPER_SPECIFICITY.byCriterion)) {
      const known = criteria.filter((c) => values[c]);
      if (known.length === 0) continue;
      data.push(paperMarkers(
        `paper ${mode}`,
        known,
        known.map((c) => values[c].value),
        known.map((c) => values[c].note),
        { marker: { symbol: mode === "CCC" ? "diamond" : "square", size: 10, color: "#555" } },
      ));
    }
  }
  return finish(data, {
    barmode: "group",
    yaxis: { title: { text: "gradient specificity (1–10)" }, range: [0, 10.5] },
    xaxis: { title: { text: `target criterion (gate: ${gate})` } },
  }, { dryRun: options.dryRun, title: options.title ?? "Gradient specificity per criterion" });
}
