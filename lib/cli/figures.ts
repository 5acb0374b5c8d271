/**
 * `deno task figures`: renders the findings of an experiment (`--out runs/X`) to
 * `figures/<X>/<name>.{svg,png,html}`, or the paper's published values (`--paper`) to
 * `figures/paper_<name>.{svg,png,html}`. Exit codes: 0 written, 1 error, 2 bad flags.
 *
 * @module
 */
import { openFindings } from "../analysis/open_findings.ts";
import { exportFigure } from "../figures/export_figure.ts";
import { findingsFigures, paperReferenceFigures } from "../figures/figure_sets.ts";

/** Usage of `deno task figures`. */
export const FIGURES_USAGE = `Usage:
  deno task figures --out runs/<name> [--dir figures/<name>]   figures of an experiment
  deno task figures --paper [--dir figures]                     the paper's reported values

Writes <name>.svg, <name>.png (headless Chromium; apt-get install chromium) and a
self-contained <name>.html per figure. Figures of a dry run are marked "DRY RUN — synthetic".`;

/**
 * Runs the command with `args`; returns the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { figuresMain } from "./figures.ts";
 * const lines: string[] = [];
 * assert.equal(await figuresMain(["--bogus"], { out: () => {}, err: (l) => lines.push(l) }), 2);
 * assert.match(lines.join("\n"), /Usage/);
 * ```
 */
export async function figuresMain(
  args: string[],
  io: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  let out: string | undefined, dir: string | undefined, paper = false;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--paper") paper = true;
    else if (flag === "--out" && args[i + 1]) out = args[++i];
    else if (flag === "--dir" && args[i + 1]) dir = args[++i];
    else if (flag === "--help") {
      io.out(FIGURES_USAGE);
      return 0;
    } else {
      io.err(`Unknown or incomplete flag: ${flag}\n\n${FIGURES_USAGE}`);
      return 2;
    }
  }
  if (paper === (out !== undefined)) {
    io.err(`Give exactly one of --out and --paper.\n\n${FIGURES_USAGE}`);
    return 2;
  }
  try {
    if (paper) {
      const written = await exportFigure(paperReferenceFigures(), { dir: dir ?? "figures" });
      written.forEach((path) => io.out(path));
      return 0;
    }
    const findings = await openFindings(out!);
    const target = dir ?? `figures/${findings.name}`;
    const written = await exportFigure(findingsFigures(findings, { title: findings.name }), {
      dir: target,
    });
    if (findings.dryRun) io.out("DRY RUN (synthetic outputs): every figure is marked as such.");
    written.forEach((path) => io.out(path));
    return 0;
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await figuresMain(Deno.args, { out: console.log, err: console.error }));
}
