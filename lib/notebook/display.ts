/**
 * Display helpers of the notebooks (deno kernel): markdown tables, HTML, stage records and
 * figures. Each `show…` sends its output at once, so it never depends on a cell's last expression.
 *
 * @module
 */
import { renderFigureImages } from "../figures/export_figure.ts";
import type { FigureSpec } from "../figures/types.ts";
import type { ComparisonTable } from "../analysis/paper_comparison.ts";
import type { StageRecord } from "../loop/stage_record.ts";

/** A table cell. */
export type Cell = string | number | null | undefined;

/**
 * Escapes text for HTML.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./display.ts";
 * assert.equal(escapeHtml("<a & b>"), "&lt;a &amp; b&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * A number with fixed digits, or `n/a` when missing or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./display.ts";
 * assert.equal(formatNumber(0.30475), "0.305");
 * assert.equal(formatNumber(NaN), "n/a");
 * ```
 */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? "n/a"
    : value.toFixed(digits);
}

/**
 * A markdown table; cells are escaped for pipes and newlines, missing cells shown as `—`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { markdownTable } from "./display.ts";
 * assert.equal(markdownTable(["a", "b"], [[1, "x|y"]]), "| a | b |\n| --- | --- |\n| 1 | x\\|y |");
 * ```
 */
export function markdownTable(headers: string[], rows: Cell[][]): string {
  const cell = (v: Cell) => String(v ?? "—").replaceAll("|", "\\|").replaceAll("\n", "<br>");
  return [
    headers.join(" | "),
    headers.map(() => "---").join(" | "),
    ...rows.map((r) => r.map(cell).join(" | ")),
  ].map((line) => `| ${line} |`).join("\n");
}

/** True inside a Jupyter kernel (where `Deno.jupyter` can display). */
function inJupyter(): boolean {
  // deno-lint-ignore no-explicit-any
  return typeof (Deno as any).jupyter?.display === "function";
}

/** Sends one display bundle (in Jupyter) or prints its text form. */
async function display(bundle: Record<string, unknown>, text: string): Promise<void> {
  if (inJupyter()) {
    // deno-lint-ignore no-explicit-any
    await (Deno as any).jupyter.display(bundle, { raw: true });
  } else {
    console.log(text);
  }
}

/**
 * Shows markdown in the cell's output (prints it outside Jupyter).
 *
 * @example
 * ```ts ignore
 * import { showMarkdown } from "./display.ts";
 * await showMarkdown("**hello**");
 * ```
 */
export function showMarkdown(markdown: string): Promise<void> {
  return display({ "text/markdown": markdown, "text/plain": markdown }, markdown);
}

/**
 * Shows HTML in the cell's output (prints it outside Jupyter).
 *
 * @example
 * ```ts ignore
 * import { showHtml } from "./display.ts";
 * await showHtml("<b>hello</b>");
 * ```
 */
export function showHtml(markup: string): Promise<void> {
  return display({ "text/html": markup, "text/plain": markup }, markup);
}

/**
 * The banner a notebook opens with: dry run (synthetic) or the live source it reads.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bannerHtml } from "./display.ts";
 * assert.match(bannerHtml(true, "runs/x"), /DRY RUN/);
 * ```
 */
export function bannerHtml(dryRun: boolean, source: string): string {
  return dryRun
    ? `<div style="padding:8px;border:2px solid #c60;background:#fff3e0;font-weight:bold">
      DRY RUN — synthetic outputs (${
      escapeHtml(source)
    }). Every text and number below comes from the
      dry-run backend, not a model: it shows the shape of the analysis, not a result.</div>`
    : `<div style="padding:8px;border:2px solid #060;background:#e8f5e9">Live data: ${
      escapeHtml(source)
    }</div>`;
}

/**
 * Shows stage records as collapsible blocks: the criteria, the sample, the answer and the prompt.
 *
 * @example
 * ```ts ignore
 * import { showRecords } from "./display.ts";
 * await showRecords("Loss", records, { dryRun: true });
 * ```
 */
export function showRecords(
  title: string,
  records: StageRecord[],
  options: { dryRun: boolean },
): Promise<void> {
  const blocks = records.map((r, i) =>
    `<details ${i === 0 ? "open" : ""}>
<summary><b>${escapeHtml(r.stage)}</b> · ${escapeHtml(r.criteria.join(", "))}${
      r.exampleId ? ` · sample ${escapeHtml(r.exampleId)}` : ""
    }</summary>
<p><i>Answer</i></p><pre style="white-space:pre-wrap">${escapeHtml(r.text)}</pre>
<details><summary>prompt sent (${r.prompt.length} chars)</summary><pre style="white-space:pre-wrap">${
      escapeHtml(r.prompt)
    }</pre></details>
</details>`
  );
  return showHtml(
    `<h4>${options.dryRun ? "DRY RUN (synthetic outputs) · " : ""}${
      escapeHtml(title)
    } (${records.length} calls)</h4>${blocks.join("\n")}`,
  );
}

/**
 * Shows a figure in Jupyter both interactively (plotly JSON, rendered where JavaScript runs) and
 * as a static PNG in the same output (rendered everywhere else, e.g. on GitHub); the text form
 * names the figure and says DRY RUN when it is synthetic.
 *
 * @param figure The figure.
 * @param options `static: false` skips the PNG (no Chromium needed).
 *
 * @example
 * ```ts ignore
 * import { showFigure } from "./display.ts";
 * await showFigure(figure);
 * ```
 */
export async function showFigure(
  figure: FigureSpec,
  options: { static?: boolean } = {},
): Promise<void> {
  await showFigures([figure], options);
}

/**
 * Shows several figures like {@linkcode showFigure}, rendering their static images in one
 * Chromium session.
 *
 * @example
 * ```ts ignore
 * import { showFigures } from "./display.ts";
 * await showFigures(Object.values(figures));
 * ```
 */
export async function showFigures(
  figures: readonly FigureSpec[],
  options: { static?: boolean } = {},
): Promise<void> {
  const images = (options.static ?? true) ? await renderFigureImages(figures) : [];
  for (const [i, figure] of figures.entries()) {
    const title = String((figure.layout.title as { text?: string })?.text ?? "figure");
    const bundle: Record<string, unknown> = {
      "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout },
      "text/plain": `[figure] ${title}`,
    };
    if (images[i]) {
      let binary = "";
      const png = images[i].png;
      for (let k = 0; k < png.length; k += 0x8000) {
        binary += String.fromCharCode(...png.subarray(k, k + 0x8000));
      }
      bundle["image/png"] = btoa(binary);
    }
    await display(bundle, `[figure] ${title}`);
  }
}

/**
 * Shows a table (e.g. "paper vs this run") as markdown under a title; a synthetic table's title
 * starts with "DRY RUN (synthetic)".
 *
 * @example
 * ```ts ignore
 * import { showTable } from "./display.ts";
 * await showTable("Paper vs this run", mainTableComparison(findings.mainTable), { dryRun: true });
 * ```
 */
export function showTable(
  title: string,
  table: ComparisonTable,
  options: { dryRun: boolean },
): Promise<void> {
  return showMarkdown(tableMarkdown(title, table, options));
}

/**
 * The markdown {@linkcode showTable} shows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tableMarkdown } from "./display.ts";
 * const md = tableMarkdown("T", { headers: ["a"], rows: [[1]] }, { dryRun: true });
 * assert.ok(md.startsWith("**DRY RUN (synthetic)** · **T**"));
 * ```
 */
export function tableMarkdown(
  title: string,
  table: ComparisonTable,
  options: { dryRun: boolean },
): string {
  const prefix = options.dryRun ? "**DRY RUN (synthetic)** · " : "";
  return `${prefix}**${title}**\n\n${markdownTable(table.headers, table.rows)}`;
}
