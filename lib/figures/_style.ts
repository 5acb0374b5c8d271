// Private styling helpers shared by the figure builders.
import type { FigureSpec, PlotlyTrace } from "./types.ts";

/** The visible mark of synthetic figures. */
export const FIGURE_DRY_RUN_MARK = "DRY RUN — synthetic";

/** Colors of the criteria (SummEval's first, then a cycle). */
const CRITERION_COLORS: Record<string, string> = {
  fluency: "#1f77b4",
  relevance: "#ff7f0e",
  coherence: "#2ca02c",
  consistency: "#d62728",
  avg: "#111111",
};
const CYCLE = ["#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** Color of a criterion (stable for unknown names). */
export function criterionColor(criterion: string, index = 0): string {
  return CRITERION_COLORS[criterion] ?? CYCLE[index % CYCLE.length];
}

/** Color of per-task modes vs combined modes. */
export const MODE_GROUP_COLORS = { perTask: "#1f77b4", combined: "#d62728", other: "#7f7f7f" };

/** Color of the paper's reference markers. */
export const PAPER_COLOR = "#555555";

/** Mode display order. */
export const MODES = ["Single", "SSS", "SSC", "SCC", "CCC"];

/** Orders mode names as the paper does (unknown modes last). */
export function orderModes(modes: Iterable<string>): string[] {
  const rank = (m: string) => (MODES.indexOf(m) < 0 ? MODES.length : MODES.indexOf(m));
  return [...new Set(modes)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A number or `null` (plotly's gap) when undefined. */
export function finiteOrNull(value: number | undefined | null): number | null {
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

/** Paper reference markers: grey diamonds with the value's provenance in the hover text. */
export function paperMarkers(
  name: string,
  x: unknown[],
  y: (number | null)[],
  notes: string[],
  extra: PlotlyTrace = {},
): PlotlyTrace {
  return {
    type: "scatter",
    mode: "markers",
    name,
    x,
    y,
    text: notes,
    hovertemplate: "paper: %{y}<br>%{text}<extra></extra>",
    marker: { symbol: "diamond", size: 11, color: PAPER_COLOR, line: { color: "white", width: 1 } },
    ...extra,
  };
}

/** Finishes a figure: title, white template, and the dry-run mark inside the image. */
export function finish(
  data: PlotlyTrace[],
  layout: Record<string, unknown>,
  options: { dryRun: boolean; title: string },
): FigureSpec {
  const title = options.dryRun ? `${FIGURE_DRY_RUN_MARK} · ${options.title}` : options.title;
  const annotations = [...(layout.annotations as unknown[] ?? [])];
  if (options.dryRun) {
    annotations.push({
      text: FIGURE_DRY_RUN_MARK,
      xref: "paper",
      yref: "paper",
      x: 0.5,
      y: 0.5,
      showarrow: false,
      textangle: -20,
      opacity: 0.25,
      font: { size: 56, color: "#cc0000" },
    });
  }
  return {
    data,
    layout: {
      template: "plotly_white",
      width: 900,
      height: 500,
      legend: { orientation: "h", y: -0.18 },
      margin: { t: 70, b: 90, l: 60, r: 60 },
      ...layout,
      title: { text: title, font: { size: 15 } },
      annotations,
    },
    dryRun: options.dryRun,
  };
}

/** Asymmetric error bars from upper and lower widths; hidden when none is defined. */
export function errorBars(
  above: (number | null)[],
  below: (number | null)[],
): Record<string, unknown> {
  const visible = [...above, ...below].some((v) => v !== null);
  return { type: "data", symmetric: false, array: above, arrayminus: below, visible };
}
