/**
 * Figures of a mitigation study: the change of average ρ against the baseline with its paired
 * interval and the noise-only range, and the cost per step of each arm.
 *
 * @module
 */
import type { MitigationTable } from "../analysis/mitigation_table.ts";
import { errorBars, finish, finiteOrNull, orderModes } from "./_style.ts";
import type { FigureSpec } from "./types.ts";

/**
 * `mitigation_delta` (Δ average ρ vs the baseline per arm, one bar group per mode and gate, with
 * the paired 95 % interval and the noise-only range as a grey band) and `mitigation_cost` (calls
 * and dollars per step of every arm, baseline included).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mitigationFigures } from "./mitigation_figures.ts";
 * const row = (arm: string, delta: number | null) => ({ arm, mode: "CCC", gate: "mae",
 *   perCriterion: {}, average: 0.2, delta, deltaLow: delta, deltaHigh: delta,
 *   exceedsNoise: null, specificity: null, adherence: null, hvi: null, lengthSpread: null,
 *   callsPerStep: { judge: 3 }, usdPerStep: 0.01, judgeCachedShare: null, dryRun: true });
 * const figures = mitigationFigures({ rows: [row("baseline", null), row("perCriterionJudge", 0.1)],
 *   noiseRange: 0.05, dryRun: true });
 * assert.deepEqual(figures.mitigation_delta.data[0].y, [0.1]);
 * assert.ok(figures.mitigation_cost.dryRun);
 * ```
 */
export function mitigationFigures(
  table: MitigationTable,
  options: { title?: string } = {},
): { mitigation_delta: FigureSpec; mitigation_cost: FigureSpec } {
  const prefix = options.title ? `${options.title} · ` : "";
  const configs = [...new Set(table.rows.map((r) => `${r.mode}/${r.gate}`))];
  const modes = orderModes(new Set(table.rows.map((r) => r.mode)));
  configs.sort((a, b) => modes.indexOf(a.split("/")[0]) - modes.indexOf(b.split("/")[0]));
  const arms = [...new Set(table.rows.map((r) => r.arm))];
  const at = (arm: string, config: string) =>
    table.rows.find((r) => r.arm === arm && `${r.mode}/${r.gate}` === config);
  const deltas = arms.filter((a) => a !== "baseline").map((arm) => {
    const rows = configs.map((c) => at(arm, c));
    return {
      type: "bar",
      name: arm,
      x: configs,
      y: rows.map((r) => finiteOrNull(r?.delta)),
      error_y: errorBars(
        rows.map((r) => r?.delta == null ? null : finiteOrNull(r.deltaHigh! - r.delta)),
        rows.map((r) => r?.delta == null ? null : finiteOrNull(r.delta - r.deltaLow!)),
      ),
    };
  });
  const half = table.noiseRange === null ? null : table.noiseRange;
  const shapes = half === null ? [] : [{
    type: "rect",
    xref: "paper",
    x0: 0,
    x1: 1,
    y0: -half,
    y1: half,
    fillcolor: "#999999",
    opacity: 0.2,
    line: { width: 0 },
  }];
  const delta = finish(deltas, {
    barmode: "group",
    yaxis: { title: { text: "Δ average Spearman vs baseline (last step)" }, zeroline: true },
    shapes,
  }, {
    dryRun: table.dryRun,
    title: `${prefix}Mitigations: Δρ vs baseline (95% paired CI; grey: noise-only range)`,
  });
  const cost = finish(
    arms.map((arm) => {
      const rows = configs.map((c) => at(arm, c));
      return {
        type: "bar",
        name: arm,
        x: configs,
        y: rows.map((r) => r ? Object.values(r.callsPerStep).reduce((a, b) => a + b, 0) : null),
        customdata: rows.map((r) => r?.usdPerStep ?? null),
        hovertemplate: "%{y:.1f} calls/step, $%{customdata:.4f}/step",
      };
    }),
    { barmode: "group", yaxis: { title: { text: "LLM calls per step (all roles)" } } },
    { dryRun: table.dryRun, title: `${prefix}Mitigations: cost per step` },
  );
  return { mitigation_delta: delta, mitigation_cost: cost };
}
