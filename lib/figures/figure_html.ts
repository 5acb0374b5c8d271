import type { FigureSpec } from "./types.ts";

let plotlySource: string | undefined;

/**
 * The source of plotly.js (the pinned `plotly.js-dist-min`), read once from Deno's npm cache.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plotlyScript } from "./figure_html.ts";
 * assert.match(await plotlyScript(), /plotly/i);
 * ```
 */
export async function plotlyScript(): Promise<string> {
  plotlySource ??= await Deno.readTextFile(new URL(import.meta.resolve("plotly.js-dist-min")));
  return plotlySource;
}

/** `</script>` cannot appear raw inside an inline script. */
const scriptSafe = (text: string) => text.replaceAll("</script", "<\\/script");

/**
 * A self-contained HTML page showing the figure interactively (plotly.js inlined, no network).
 *
 * @param figure The figure.
 * @returns The page.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { figureHtml } from "./figure_html.ts";
 * const page = await figureHtml({ data: [{ y: [1, 2] }], layout: {}, dryRun: true });
 * assert.match(page, /Plotly\.newPlot/);
 * assert.doesNotMatch(page, /<script src=/);
 * ```
 */
export async function figureHtml(figure: FigureSpec): Promise<string> {
  const title = String((figure.layout.title as { text?: string })?.text ?? "figure")
    .replaceAll("<", "&lt;");
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<script>${scriptSafe(await plotlyScript())}</script></head>
<body><div id="figure"></div>
<script>Plotly.newPlot("figure", ${scriptSafe(JSON.stringify(figure.data))}, ${
    scriptSafe(JSON.stringify(figure.layout))
  }, { responsive: true });</script>
</body></html>
`;
}
