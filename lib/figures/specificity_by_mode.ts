import { PAPER_SPECIFICITY } from "../analysis/paper_reference.ts";
import { COMBINED_MODES, PER_TASK_MODES, type RatingReport } from "../analysis/rating_summary.ts";
import {
  errorBars,
  finish,
  finiteOrNull,
  MODE_GROUP_COLORS,
  orderModes,
  paperMarkers,
} from "./_style.ts";
import type { FigureOptions, FigureSpec } from "./types.ts";

/** Options of {@linkcode specificityByModeFigure}. */
export interface SpecificityByModeOptions extends FigureOptions {
  /** Gate to show, or `"all"` (default) to pool both. */
  gate?: string;
}

/**
 * Gradient specificity per mode (paper-method §7.4, the dilution headline): one bar per mode
 * (mean with its bootstrap CI), per-task modes in blue, combined ones in red, the per-task vs
 * combined drop in the title, and the paper's per-mode values as grey diamonds.
 *
 * @param report Specificity ratings summarized by `summarizeRatings`.
 * @param options Dry-run mark, gate, title, paper markers.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specificityByModeFigure } from "./specificity_by_mode.ts";
 * const group = (mode: string, mean: number) => ({ mode, gate: "all", criterion: "all", mean,
 *   std: 0, n: 4, low: mean, high: mean, excluded: 0 });
 * const figure = specificityByModeFigure({ kind: "specificity", excluded: 0,
 *   groups: [group("SSS", 9), group("CCC", 4)], drops: [] }, { dryRun: false });
 * assert.deepEqual(figure.data[0].y, [9, 4]);
 * ```
 */
export function specificityByModeFigure(
  report: RatingReport,
  options: SpecificityByModeOptions,
): FigureSpec {
  const gate = options.gate ?? "all";
  const groups = report.groups.filter((g) => g.gate === gate && g.criterion === "all");
  const modes = orderModes(groups.map((g) => g.mode));
  const at = (mode: string) => groups.find((g) => g.mode === mode)!;
  const color = (mode: string) =>
    PER_TASK_MODES.includes(mode)
      ? MODE_GROUP_COLORS.perTask
      : COMBINED_MODES.includes(mode)
      ? MODE_GROUP_COLORS.combined
      : MODE_GROUP_COLORS.other;
  const data: Record<string, unknown>[] = [{
    type: "bar",
    name: `${options.seriesName ?? "this run"} (mean, 95% CI)`,
    x: modes,
    y: modes.map((m) => finiteOrNull(at(m).mean)),
    error_y: errorBars(
      modes.map((m) => finiteOrNull(at(m).high - at(m).mean)),
      modes.map((m) => finiteOrNull(at(m).mean - at(m).low)),
    ),
    marker: { color: modes.map(color) },
    text: modes.map((m) => (at(m).n > 0 ? `n=${at(m).n}` : "")),
  }];
  if (options.paper ?? true) {
    const known = modes.filter((m) => PAPER_SPECIFICITY.byMode[m]);
    data.push(paperMarkers(
      "paper (Qwen3, figure reading)",
      known,
      known.map((m) => PAPER_SPECIFICITY.byMode[m].value),
      known.map((m) => PAPER_SPECIFICITY.byMode[m].note),
    ));
  }
  const drop = report.drops.find((d) => d.gate === gate);
  const dropText = drop
    ? `<br><sub>per-task ${drop.perTask.toFixed(1)} → combined ${drop.combined.toFixed(1)}: ` +
      `drop ${drop.dropPercent.toFixed(0)}%` +
      (Number.isFinite(drop.low) ? ` [${drop.low.toFixed(0)}, ${drop.high.toFixed(0)}]` : "") +
      ((options.paper ?? true) ? ` (paper ${PAPER_SPECIFICITY.dropPercent.value}%)` : "") +
      "</sub>"
    : "";
  return finish(data, {
    yaxis: { title: { text: "gradient specificity (1–10)" }, range: [0, 10.5] },
    xaxis: { title: { text: `mode (gate: ${gate})` } },
    showlegend: true,
  }, {
    dryRun: options.dryRun,
    title: `${options.title ?? "Gradient specificity by mode"}${dropText}`,
  });
}
