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
  showHtml,
  showMarkdown,
  showRecords,
} from "./display.ts";
