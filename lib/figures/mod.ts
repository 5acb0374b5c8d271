/**
 * Figures of the findings: pure builders returning plotly specs (a synthetic figure carries a
 * visible "DRY RUN — synthetic" mark), export to SVG/PNG through headless Chromium and to a
 * self-contained HTML page, and the sets of figures for a store and for the paper's values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FIGURE_DRY_RUN_MARK, mainTableFigure } from "./mod.ts";
 * const figure = mainTableFigure([], { dryRun: true });
 * assert.ok(JSON.stringify(figure.layout).includes(FIGURE_DRY_RUN_MARK));
 * ```
 *
 * @module
 */
export type { FigureOptions, FigureSpec, PlotlyTrace } from "./types.ts";
export { FIGURE_DRY_RUN_MARK } from "./_style.ts";
export { specificityByModeFigure, type SpecificityByModeOptions } from "./specificity_by_mode.ts";
export {
  specificityByCriterionFigure,
  type SpecificityByCriterionOptions,
} from "./specificity_by_criterion.ts";
export { adherenceFigure } from "./adherence.ts";
export { trajectoriesFigure, type TrajectoriesFigureOptions } from "./trajectories_figure.ts";
export { oracleFigure } from "./oracle_figure.ts";
export {
  type LengthFigureOptions,
  lengthShareFigure,
  lengthTrajectoryFigure,
} from "./length_figures.ts";
export { mainTableFigure } from "./main_table_figure.ts";
export { findingsFigures, paperReferenceFigures } from "./figure_sets.ts";
export { figureHtml, plotlyScript } from "./figure_html.ts";
export {
  ChromiumNotFoundError,
  exportFigure,
  type ExportFigureOptions,
  type FigureImages,
  findChromium,
  type ImageRenderOptions,
  renderFigureImages,
} from "./export_figure.ts";
export { mitigationFigures } from "./mitigation_figures.ts";
