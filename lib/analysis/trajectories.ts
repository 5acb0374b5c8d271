import { cumulativeHypervolume } from "../metrics/cumulative_hypervolume.ts";
import { finiteMean, finiteRange, groupBy, sampleStd } from "./_stats.ts";
import type { BandPoint, RunMetrics } from "./types.ts";

/** Options of {@linkcode trajectories}. */
export interface TrajectoryOptions {
  /** Split whose metrics are used. Default `"test"`. */
  split?: string;
  /** Metric. Default `"spearman"`. */
  metric?: string;
  /** HVI reference per criterion. Default −1 (the paper's, for Spearman). */
  reference?: number;
}

/** One configuration's trajectory over steps (paper-method §7.2, §7.3, §9.6). */
export interface ConfigTrajectory {
  /** `algorithm/mode/gate`. */
  config: string;
  /** Optimizer algorithm. */
  algorithm: string;
  /** Mode (`Single` for the single-task baseline). */
  mode: string;
  /** Gate. */
  gate: string;
  /** Criteria in the order first seen. */
  criteria: string[];
  /** Run indices joined (Single: criterion runs paired by run index, as the paper does). */
  runIndices: number[];
  /** Steps with a value. */
  steps: number[];
  /** Per criterion: mean over runs per step with the min–max band. */
  perCriterion: Record<string, BandPoint[]>;
  /** The mean over criteria of each run, then mean/min/max/std over runs, per step. */
  average: BandPoint[];
  /** Cumulative HVI per step over run-averaged criterion vectors (undefined values count as the reference). */
  hvi: number[];
}

/** Canonical display order of modes. */
const MODE_ORDER = ["Single", "SSS", "SSC", "SCC", "CCC"];

function band(step: number, values: number[]): BandPoint {
  const { min, max } = finiteRange(values);
  return {
    step,
    mean: finiteMean(values),
    min,
    max,
    std: sampleStd(values),
    runs: values.filter(Number.isFinite).length,
  };
}

/**
 * Per-configuration trajectories: per-criterion and average metric per step, mean over runs with a
 * min–max band, and the paper's cumulative hypervolume over run-averaged step vectors. A Single
 * configuration joins its criterion runs by run index and step number ("run 1" = every
 * criterion's run 1), as the paper's table script does.
 *
 * @param runs Runs with their stored metrics.
 * @param options Split, metric, HVI reference.
 * @returns One trajectory per (algorithm, mode, gate), modes in the paper's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trajectories } from "./trajectories.ts";
 * const run = (run: number, values: number[]) => ({
 *   run: { algorithm: "textgrad" as const, mode: "SSS", gate: "none", run, criterion: null,
 *     runId: `r${run}`, seed: run, status: "done" as const, lastStep: 1, message: null },
 *   metrics: values.map((value, step) => ({ step, split: "test", criterion: "fluency",
 *     metric: "spearman", value, n: 10, missing: 0 })),
 * });
 * const [t] = trajectories([run(1, [0.2, 0.4]), run(2, [0.4, 0.2])]);
 * assert.equal(t.average[0].mean.toFixed(2), "0.30");
 * assert.equal(t.average[1].min, 0.2);
 * ```
 */
export function trajectories(
  runs: readonly RunMetrics[],
  options: TrajectoryOptions = {},
): ConfigTrajectory[] {
  const split = options.split ?? "test";
  const metric = options.metric ?? "spearman";
  const reference = options.reference ?? -1;
  const configs = groupBy(runs, (r) => `${r.run.algorithm}/${r.run.mode}/${r.run.gate}`);
  const result = [...configs].map(([config, group]) => {
    const first = group[0].run;
    // values[runIndex][step][criterion]
    const values = new Map<number, Map<number, Map<string, number>>>();
    const criteria: string[] = [];
    for (const { run, metrics } of group) {
      const byStep = values.get(run.run) ?? new Map<number, Map<string, number>>();
      values.set(run.run, byStep);
      for (const m of metrics) {
        if (m.split !== split || m.metric !== metric || m.criterion === "_average") continue;
        if (run.criterion !== null && m.criterion !== run.criterion) continue;
        if (!criteria.includes(m.criterion)) criteria.push(m.criterion);
        const row = byStep.get(m.step) ?? new Map<string, number>();
        byStep.set(m.step, row);
        row.set(m.criterion, m.value);
      }
    }
    const runIndices = [...values.keys()].sort((a, b) => a - b);
    const steps = [...new Set([...values.values()].flatMap((s) => [...s.keys()]))]
      .sort((a, b) => a - b);
    const at = (r: number, step: number, c: string) => values.get(r)?.get(step)?.get(c);
    const perCriterion = Object.fromEntries(criteria.map((c) => [
      c,
      steps.map((step) =>
        band(step, runIndices.map((r) => at(r, step, c)).filter((v) => v !== undefined))
      ),
    ]));
    const average = steps.map((step) =>
      band(
        step,
        runIndices
          .filter((r) => criteria.every((c) => at(r, step, c) !== undefined))
          .map((r) => finiteMean(criteria.map((c) => at(r, step, c)!))),
      )
    );
    const vectors = steps.map((_, i) =>
      criteria.map((c) => {
        const v = perCriterion[c][i].mean;
        return Number.isFinite(v) ? Math.max(v, reference) : reference;
      })
    );
    return {
      config,
      algorithm: first.algorithm,
      mode: first.mode,
      gate: first.gate,
      criteria,
      runIndices,
      steps,
      perCriterion,
      average,
      hvi: criteria.length === 0
        ? []
        : cumulativeHypervolume(vectors, criteria.map(() => reference)),
    };
  });
  const rank = (mode: string) => {
    const i = MODE_ORDER.indexOf(mode);
    return i < 0 ? MODE_ORDER.length : i;
  };
  return result.sort((a, b) =>
    a.algorithm.localeCompare(b.algorithm) || a.gate.localeCompare(b.gate) ||
    rank(a.mode) - rank(b.mode)
  );
}
