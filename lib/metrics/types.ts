/**
 * Shared shapes of the metrics module.
 *
 * @module
 */
import type { RandomSource } from "../random.ts";

/** A prediction that may be missing (parse failure, absent key): never silently a number. */
export type MaybeNumber = number | null | undefined;

/** The value of a metric together with how many pairs it used. */
export interface MetricResult {
  /** The metric's value; `NaN` when undefined (too few pairs, constant input by default). */
  value: number;
  /** Pairs used. */
  n: number;
  /** Pairs dropped because the prediction or the label was missing or not finite. */
  missing: number;
}

/**
 * What a correlation returns when it is undefined: fewer than 3 pairs, a side with zero variance,
 * or a `NaN` result.
 *
 * - `"nan"` (default): `NaN`, so an undefined value cannot pass for "no correlation".
 * - `"zero"`: `0`, the paper's behaviour (its averages over criteria include these zeros).
 */
export type UndefinedCorrelation = "nan" | "zero";

/** Options of {@linkcode spearman} and {@linkcode kendallTauB}. */
export interface CorrelationOptions {
  /** What to return when the correlation is undefined. Default `"nan"`. */
  constant?: UndefinedCorrelation;
}

/** Whether larger ("max") or smaller ("min") values of a metric are better. */
export type Direction = "max" | "min";

/** An inclusive label scale, e.g. `{ min: 1, max: 5 }` for SummEval. */
export interface ScaleRange {
  /** Lowest label. */
  min: number;
  /** Highest label. */
  max: number;
}

/** Options shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** The seeded source that draws the resamples; equal seeds give equal intervals. */
  random: RandomSource;
  /** Number of bootstrap resamples, an integer ≥ 1. Default 2000. */
  resamples?: number;
  /** Coverage of the percentile interval, in (0, 1). Default 0.95. */
  confidence?: number;
}

/** A bootstrap percentile confidence interval. */
export interface BootstrapInterval {
  /** The statistic on the original data. */
  estimate: number;
  /** Lower percentile bound, `(1 − confidence) / 2`. */
  low: number;
  /** Upper percentile bound, `(1 + confidence) / 2`. */
  high: number;
  /** Resamples whose statistic was defined and entered the percentiles. */
  resamples: number;
  /** The interval's nominal coverage. */
  confidence: number;
}
