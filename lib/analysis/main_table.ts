import type { ConfigTrajectory } from "./trajectories.ts";

/** One row of the main table (paper-method §7.2, Table 1). */
export interface MainTableRow {
  /** `algorithm/mode/gate`. */
  config: string;
  /** Mode. */
  mode: string;
  /** Gate. */
  gate: string;
  /** Runs (run indices) averaged. */
  runs: number;
  /** Run-averaged mean ρ over criteria at step 0 (`NaN` without step 0). */
  initial: number;
  /** Std over runs at step 0. */
  initialStd: number;
  /** Best run-averaged value over steps (first step on ties). */
  best: number;
  /** Its step. */
  bestStep: number;
  /** Std over runs at the best step. */
  bestStd: number;
  /** `best − initial`. */
  delta: number;
  /** Cumulative HVI at the last step (reference −1); `null` for Single, as in the paper. */
  finalHvi: number | null;
  /** Last step. */
  finalStep: number;
  /** True when no step beats step 0 (best step is 0). */
  neverBeatsStep0: boolean;
}

/**
 * The main table from trajectories: initial ρ, best ρ and its step, Δ, std over runs, final
 * cumulative HVI (not for Single) and whether the configuration never beats step 0.
 *
 * @param trajectoriesOf Trajectories from {@linkcode trajectories}.
 * @returns One row per configuration, in the trajectories' order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mainTable } from "./main_table.ts";
 * const point = (step: number, mean: number) => ({ step, mean, min: mean, max: mean, std: 0, runs: 1 });
 * const [row] = mainTable([{ config: "textgrad/SSS/mae", algorithm: "textgrad", mode: "SSS",
 *   gate: "mae", criteria: ["fluency"], runIndices: [1], steps: [0, 1],
 *   perCriterion: {}, average: [point(0, 0.3), point(1, 0.2)], hvi: [1.3, 1.3] }]);
 * assert(row.neverBeatsStep0 && row.delta === 0 && row.finalHvi === 1.3);
 * ```
 */
export function mainTable(trajectoriesOf: readonly ConfigTrajectory[]): MainTableRow[] {
  return trajectoriesOf.map((t) => {
    const start = t.average.find((p) => p.step === 0);
    let best = t.average[0];
    for (const p of t.average) {
      if (Number.isFinite(p.mean) && !(p.mean <= best.mean)) best = p;
    }
    const initial = start?.mean ?? NaN;
    return {
      config: t.config,
      mode: t.mode,
      gate: t.gate,
      runs: t.runIndices.length,
      initial,
      initialStd: start?.std ?? NaN,
      best: best?.mean ?? NaN,
      bestStep: best?.step ?? NaN,
      bestStd: best?.std ?? NaN,
      delta: (best?.mean ?? NaN) - initial,
      finalHvi: t.mode === "Single" ? null : t.hvi.at(-1) ?? null,
      finalStep: t.steps.at(-1) ?? NaN,
      neverBeatsStep0: best?.step === 0,
    };
  });
}
