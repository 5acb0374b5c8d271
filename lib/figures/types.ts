/**
 * Shapes of the kit's figures: plain plotly specs that the builders return and the exporters
 * render.
 *
 * @module
 */

/** One plotly trace (plain JSON). */
export type PlotlyTrace = Record<string, unknown>;

/** A figure: plotly traces and layout, and whether its data is synthetic. */
export interface FigureSpec {
  /** Traces. */
  data: PlotlyTrace[];
  /** Layout (title, axes, annotations, shapes). */
  layout: Record<string, unknown>;
  /** True when built from dry-run data; the image then carries a "DRY RUN — synthetic" mark. */
  dryRun: boolean;
}

/** Options every builder takes. */
export interface FigureOptions {
  /** Built from dry-run data: mark the image "DRY RUN — synthetic". */
  dryRun: boolean;
  /** Title prefix, e.g. the run's name or "Paper's reported values". */
  title?: string;
  /** Show the paper's values beside this run's where the paper has one. Default true. */
  paper?: boolean;
  /** Legend name of the figure's own values. Default "this run". */
  seriesName?: string;
}
