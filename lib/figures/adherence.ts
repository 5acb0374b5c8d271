import { PAPER_ADHERENCE } from "../analysis/paper_reference.ts";
import type { RatingReport } from "../analysis/rating_summary.ts";
import { errorBars, finish, finiteOrNull, orderModes, paperMarkers } from "./_style.ts";
import type { FigureOptions, FigureSpec } from "./types.ts";

/**
 * Feedback adherence per mode and gate (paper-method §7.5, the control diagnostic): grouped bars,
 * one bar per gate (mean with bootstrap CI), and the paper's values (Single, SSS, CCC) as diamonds
 * offset to their gate.
 *
 * @param report Adherence ratings summarized by `summarizeRatings`.
 * @param options Dry-run mark, title, paper markers.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adherenceFigure } from "./adherence.ts";
 * const group = (mode: string, gate: string, mean: number) => ({ mode, gate, criterion: "all",
 *   mean, std: 0, n: 2, low: mean, high: mean, excluded: 0 });
 * const figure = adherenceFigure({ kind: "adherence", excluded: 0, drops: [],
 *   groups: [group("SSS", "mae", 8), group("SSS", "none", 7)] }, { dryRun: true });
 * assert.deepEqual(figure.data.map((t) => t.name).slice(0, 2), ["gate mae", "gate none"]);
 * ```
 */
export function adherenceFigure(report: RatingReport, options: FigureOptions): FigureSpec {
  const groups = report.groups.filter((g) => g.gate !== "all" && g.criterion === "all");
  const gates = [...new Set(groups.map((g) => g.gate))].sort();
  const modes = orderModes(groups.map((g) => g.mode));
  const data: Record<string, unknown>[] = gates.map((gate) => {
    const at = (m: string) => groups.find((g) => g.mode === m && g.gate === gate);
    return {
      type: "bar",
      name: `gate ${gate}`,
      x: modes,
      y: modes.map((m) => finiteOrNull(at(m)?.mean)),
      offsetgroup: gate,
      error_y: errorBars(
        modes.map((m) => finiteOrNull((at(m)?.high ?? NaN) - (at(m)?.mean ?? NaN))),
        modes.map((m) => finiteOrNull((at(m)?.mean ?? NaN) - (at(m)?.low ?? NaN))),
      ),
    };
  });
  if (options.paper ?? true) {
    for (const gate of gates) {
      const known = modes.filter((m) => PAPER_ADHERENCE[m]?.[gate]);
      if (known.length === 0) continue;
      data.push(paperMarkers(
        `paper, gate ${gate}`,
        known,
        known.map((m) => PAPER_ADHERENCE[m][gate].value),
        known.map((m) => PAPER_ADHERENCE[m][gate].note),
        { offsetgroup: gate },
      ));
    }
  }
  return finish(data, {
    barmode: "group",
    scattermode: "group",
    yaxis: { title: { text: "feedback adherence (1–10)" }, range: [0, 10.5] },
    xaxis: { title: { text: "mode" } },
  }, { dryRun: options.dryRun, title: options.title ?? "Feedback adherence by mode and gate" });
}
