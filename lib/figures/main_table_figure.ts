import type { MainTableRow } from "../analysis/main_table.ts";
import { paperMainRow } from "../analysis/paper_reference.ts";
import { errorBars, finish, finiteOrNull, orderModes, paperMarkers } from "./_style.ts";
import type { FigureOptions, FigureSpec } from "./types.ts";

/**
 * The main table as a figure: per configuration (mode/gate), initial and best average ρ as bars
 * (std over runs as error bars), the step of the best ρ above it, configurations that never beat
 * step 0 hatched; the paper's Table 1 / val=none values as grey diamonds.
 *
 * @param rows Rows of `mainTable()`.
 * @param options Dry-run mark, title, paper markers.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mainTableFigure } from "./main_table_figure.ts";
 * const figure = mainTableFigure([{ config: "textgrad/CCC/mae", mode: "CCC", gate: "mae", runs: 3,
 *   initial: 0.28, initialStd: 0.01, best: 0.3, bestStep: 9, bestStd: 0.01, delta: 0.02,
 *   finalHvi: 2.9, finalStep: 12, neverBeatsStep0: false }], { dryRun: false });
 * assert.deepEqual(figure.data[1].y, [0.3]);
 * ```
 */
export function mainTableFigure(rows: readonly MainTableRow[], options: FigureOptions): FigureSpec {
  const gates = [...new Set(rows.map((r) => r.gate))].sort();
  const ordered = gates.flatMap((gate) =>
    orderModes(rows.filter((r) => r.gate === gate).map((r) => r.mode)).map((mode) =>
      rows.find((r) => r.gate === gate && r.mode === mode)!
    )
  );
  const x = ordered.map((r) => `${r.mode}/${r.gate}`);
  const data: Record<string, unknown>[] = [
    {
      type: "bar",
      name: "initial ρ (step 0)",
      x,
      y: ordered.map((r) => finiteOrNull(r.initial)),
      error_y: errorBars(
        ordered.map((r) => finiteOrNull(r.initialStd)),
        ordered.map((r) => finiteOrNull(r.initialStd)),
      ),
      marker: { color: "#9e9e9e" },
      offsetgroup: "initial",
    },
    {
      type: "bar",
      name: "best ρ (its step above; hatched: never beats step 0)",
      x,
      y: ordered.map((r) => finiteOrNull(r.best)),
      error_y: errorBars(
        ordered.map((r) => finiteOrNull(r.bestStd)),
        ordered.map((r) => finiteOrNull(r.bestStd)),
      ),
      text: ordered.map((r) => `step ${r.bestStep}`),
      textfont: { size: 11 },
      cliponaxis: false,
      textposition: "outside",
      marker: {
        color: "#1f77b4",
        pattern: { shape: ordered.map((r) => (r.neverBeatsStep0 ? "/" : "")) },
      },
      offsetgroup: "best",
    },
  ];
  if (options.paper ?? true) {
    const known = ordered.filter((r) => paperMainRow(r.mode, r.gate)?.best);
    if (known.length > 0) {
      data.push(paperMarkers(
        "paper best ρ",
        known.map((r) => `${r.mode}/${r.gate}`),
        known.map((r) => paperMainRow(r.mode, r.gate)!.best!.value),
        known.map((r) => paperMainRow(r.mode, r.gate)!.best!.note),
        { offsetgroup: "best" },
      ));
    }
  }
  return finish(data, {
    barmode: "group",
    scattermode: "group",
    yaxis: { title: { text: "mean test Spearman ρ over criteria" }, rangemode: "tozero" },
    xaxis: { title: { text: "mode / gate" } },
  }, { dryRun: options.dryRun, title: options.title ?? "Initial and best ρ per configuration" });
}
