import { plotlyScript } from "./figure_html.ts";
import { figureHtml } from "./figure_html.ts";
import type { FigureSpec } from "./types.ts";

/** Raised when no Chromium is available to render static images. */
export class ChromiumNotFoundError extends Error {
  /**
   * Builds the error.
   *
   * @param searched Paths and commands looked at.
   */
  constructor(readonly searched: string[]) {
    super(
      `No Chromium found to render figures (looked at ${searched.join(", ")}). ` +
        "Install it (Debian/Ubuntu: `apt-get install chromium`) or set COLLIDE_CHROMIUM to its path.",
    );
    this.name = "ChromiumNotFoundError";
  }
}

const CANDIDATES = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
];

/**
 * The system Chromium: `$COLLIDE_CHROMIUM`, else the first of chromium, chromium-browser,
 * google-chrome on the PATH.
 *
 * @throws {ChromiumNotFoundError} When none exists; the message says how to install one.
 *
 * @example
 * ```ts ignore
 * import { findChromium } from "./export_figure.ts";
 * console.log(findChromium()); // e.g. /usr/bin/chromium
 * ```
 */
export function findChromium(): string {
  const explicit = Deno.env.get("COLLIDE_CHROMIUM");
  const searched: string[] = [];
  if (explicit) {
    searched.push(explicit);
    if (isFile(explicit)) return explicit;
  }
  const path = (Deno.env.get("PATH") ?? "").split(":").filter(Boolean);
  for (const name of CANDIDATES) {
    for (const dir of path) {
      const candidate = `${dir}/${name}`;
      if (isFile(candidate)) return candidate;
    }
    searched.push(name);
  }
  throw new ChromiumNotFoundError(searched);
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Static renderings of a figure. */
export interface FigureImages {
  /** SVG markup. */
  svg: string;
  /** PNG bytes. */
  png: Uint8Array;
}

/** Options of {@linkcode renderFigureImages} and {@linkcode exportFigure}. */
export interface ImageRenderOptions {
  /** Chromium executable. Default: {@linkcode findChromium}. */
  chromium?: string;
  /** PNG pixel ratio. Default 2. */
  scale?: number;
  /** Milliseconds each browser step may take (loading plotly.js, rendering one figure). Default 120 000. */
  timeoutMs?: number;
}

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Renders figures to SVG and PNG with plotly.js in headless Chromium (playwright-core driving the
 * system's Chromium, a fresh profile folder removed afterwards).
 *
 * @param figures The figures.
 * @param options Chromium path and PNG scale.
 * @returns One rendering per figure, in order.
 * @throws {ChromiumNotFoundError} When no Chromium is found.
 *
 * @example
 * ```ts ignore
 * import { renderFigureImages } from "./export_figure.ts";
 * const [{ svg }] = await renderFigureImages([{ data: [{ y: [1, 2] }], layout: {}, dryRun: false }]);
 * ```
 */
export async function renderFigureImages(
  figures: readonly FigureSpec[],
  options: ImageRenderOptions = {},
): Promise<FigureImages[]> {
  const executablePath = options.chromium ?? findChromium();
  const { chromium } = await import("playwright-core");
  const profile = await Deno.makeTempDir({ prefix: "collide-chromium-" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: LAUNCH_ARGS,
  });
  try {
    const page = await context.newPage();
    // A loaded machine (parallel test suites, notebooks) can need well over playwright's 30 s default.
    page.setDefaultTimeout(options.timeoutMs ?? 120_000);
    await page.setContent(
      `<html><head><script>${await plotlyScript()}</script></head><body><div id="g"></div></body></html>`,
    );
    const images: FigureImages[] = [];
    for (const figure of figures) {
      const [svgUrl, pngUrl] = await page.evaluate(
        async ({ data, layout, scale }) => {
          // deno-lint-ignore no-explicit-any
          const plotly = (globalThis as any).Plotly;
          // deno-lint-ignore no-explicit-any
          const gd = (globalThis as any).document.getElementById("g");
          await plotly.newPlot(gd, data, layout);
          const size = { width: layout.width ?? 900, height: layout.height ?? 500 };
          const svg = await plotly.toImage(gd, { format: "svg", ...size });
          const png = await plotly.toImage(gd, { format: "png", ...size, scale });
          plotly.purge(gd);
          return [svg, png];
        },
        {
          data: figure.data,
          layout: figure.layout as { width?: number; height?: number },
          scale: options.scale ?? 2,
        },
      );
      images.push({
        svg: decodeURIComponent(svgUrl.slice(svgUrl.indexOf(",") + 1)),
        png: Uint8Array.from(atob(pngUrl.slice(pngUrl.indexOf(",") + 1)), (c) => c.charCodeAt(0)),
      });
    }
    return images;
  } finally {
    await context.close();
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/** Options of {@linkcode exportFigure}. */
export interface ExportFigureOptions extends ImageRenderOptions {
  /** Folder written to. Default `figures`. */
  dir?: string;
  /** Formats. Default all three. */
  formats?: ("svg" | "png" | "html")[];
}

/**
 * Writes figures as `<dir>/<name>.svg`, `.png` and a self-contained `.html` (plotly.js inlined).
 *
 * @param figures Figures keyed by file name (no extension).
 * @param options Folder, formats, Chromium path.
 * @returns The paths written.
 * @throws {ChromiumNotFoundError} When SVG or PNG is asked for and no Chromium is found.
 *
 * @example
 * ```ts ignore
 * import { exportFigure } from "./export_figure.ts";
 * await exportFigure({ demo: { data: [{ y: [1, 2] }], layout: {}, dryRun: false } }, { dir: "/tmp" });
 * ```
 */
export async function exportFigure(
  figures: Readonly<Record<string, FigureSpec>>,
  options: ExportFigureOptions = {},
): Promise<string[]> {
  const dir = options.dir ?? "figures";
  const formats = options.formats ?? ["svg", "png", "html"];
  await Deno.mkdir(dir, { recursive: true });
  const names = Object.keys(figures);
  const written: string[] = [];
  if (formats.includes("svg") || formats.includes("png")) {
    const images = await renderFigureImages(names.map((n) => figures[n]), options);
    for (const [i, name] of names.entries()) {
      if (formats.includes("svg")) {
        await Deno.writeTextFile(`${dir}/${name}.svg`, images[i].svg);
        written.push(`${dir}/${name}.svg`);
      }
      if (formats.includes("png")) {
        await Deno.writeFile(`${dir}/${name}.png`, images[i].png);
        written.push(`${dir}/${name}.png`);
      }
    }
  }
  if (formats.includes("html")) {
    for (const name of names) {
      await Deno.writeTextFile(`${dir}/${name}.html`, await figureHtml(figures[name]));
      written.push(`${dir}/${name}.html`);
    }
  }
  return written;
}
