// Private helpers of the bootstrap functions.
import { randomInt, type RandomSource } from "../random.ts";
import type { BootstrapInterval, BootstrapOptions } from "./types.ts";

/** Default number of resamples. */
const DEFAULT_RESAMPLES = 2000;
/** Default interval coverage. */
const DEFAULT_CONFIDENCE = 0.95;

/** Validated resample count and coverage. */
export function bootstrapSettings(options: BootstrapOptions): {
  resamples: number;
  confidence: number;
} {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be an integer ≥ 1, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie in (0, 1), got ${confidence}`);
  }
  return { resamples, confidence };
}

/** n indices drawn uniformly with replacement from [0, n). */
export function resampleIndices(random: RandomSource, n: number): number[] {
  return Array.from({ length: n }, () => randomInt(random, n));
}

/** Picks `values[indices[i]]`. */
export function pick<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i]);
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Quantile of sorted values with linear interpolation (numpy's default, "type 7"). */
function quantileSorted(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Percentile interval from replicate statistics; undefined (`NaN`) replicates are left out. */
export function percentileInterval(
  estimate: number,
  replicates: readonly number[],
  confidence: number,
): BootstrapInterval {
  const sorted = replicates.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return {
    estimate,
    low: sorted.length === 0 ? NaN : quantileSorted(sorted, tail),
    high: sorted.length === 0 ? NaN : quantileSorted(sorted, 1 - tail),
    resamples: sorted.length,
    confidence,
  };
}
