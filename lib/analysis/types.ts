/**
 * Shapes shared by the analyses of `lib/analysis/`.
 *
 * @module
 */
import type { RunRow, StepMetric } from "../experiment/types.ts";

/** One run with its stored metrics (any split; the analyses filter by split and metric). */
export interface RunMetrics {
  /** The run. */
  run: RunRow;
  /** Its metrics per (step, split, criterion, metric). */
  metrics: StepMetric[];
}

/** Mean over runs at one step, with the min–max band and sample std over runs. */
export interface BandPoint {
  /** Step. */
  step: number;
  /** Mean over runs (`NaN` when no run has a defined value). */
  mean: number;
  /** Lowest run. */
  min: number;
  /** Highest run. */
  max: number;
  /** Sample standard deviation over runs (0 with one run). */
  std: number;
  /** Runs with a defined value. */
  runs: number;
}

/** Mean, spread and interval of a set of ratings or values. */
export interface Summary {
  /** Mean. */
  mean: number;
  /** Sample standard deviation. */
  std: number;
  /** Values used. */
  n: number;
  /** Bootstrap interval of the mean (`NaN` bounds when n = 0). */
  low: number;
  /** Upper bound. */
  high: number;
}
