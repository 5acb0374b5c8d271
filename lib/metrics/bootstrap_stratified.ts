import { bootstrapSettings, percentileInterval, pick, resampleIndices } from "./_bootstrap.ts";
import type { BootstrapInterval, BootstrapOptions } from "./types.ts";

/**
 * A seeded bootstrap percentile interval for any statistic of several groups ("strata"): each
 * replicate resamples every group with replacement within itself and recomputes the statistic.
 * One group of item indices gives a paired bootstrap (e.g. the difference of two Spearmans on the
 * same items); one group per mode keeps each mode's size (e.g. a drop between mode means).
 *
 * @param groups The groups; each must be non-empty.
 * @param statistic The statistic of the (resampled) groups; `NaN` replicates are left out.
 * @param options Seeded source, resample count, coverage.
 * @returns The statistic on the original groups and its interval.
 * @throws {RangeError} When a group is empty or the options are out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "../random.ts";
 * import { bootstrapStratified } from "./bootstrap_stratified.ts";
 * const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
 * const ci = bootstrapStratified([[9, 8, 9, 10], [3, 4, 4, 3]], ([a, b]) => mean(a) - mean(b), {
 *   random: seededRandom(1),
 *   resamples: 200,
 * });
 * assert(ci.estimate === 5.5 && ci.low > 4 && ci.high < 7);
 * ```
 */
export function bootstrapStratified<T>(
  groups: readonly (readonly T[])[],
  statistic: (groups: T[][]) => number,
  options: BootstrapOptions,
): BootstrapInterval {
  const { resamples, confidence } = bootstrapSettings(options);
  groups.forEach((group, i) => {
    if (group.length === 0) throw new RangeError(`group ${i} is empty`);
  });
  const replicates: number[] = [];
  for (let r = 0; r < resamples; r++) {
    replicates.push(
      statistic(groups.map((group) => pick(group, resampleIndices(options.random, group.length)))),
    );
  }
  return percentileInterval(statistic(groups.map((g) => [...g])), replicates, confidence);
}
