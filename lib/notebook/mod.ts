/**
 * Notebook display helpers (deno kernel): markdown tables, HTML banners, stage records, figures
 * shown interactively and as static images.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markdownTable } from "./mod.ts";
 * assert.match(markdownTable(["x"], [[1]]), /\| 1 \|/);
 * ```
 *
 * @module
 */
export {
  bannerHtml,
  type Cell,
  escapeHtml,
  formatNumber,
  markdownTable,
  showFigure,
  showFigures,
  showHtml,
  showMarkdown,
  showRecords,
  showTable,
  tableMarkdown,
} from "./display.ts";
