import { hypervolume, type HypervolumeOptions } from "./hypervolume.ts";
import { nonDominated } from "./non_dominated.ts";

/** Options of {@linkcode cumulativeHypervolume}. */
export type CumulativeHypervolumeOptions = HypervolumeOptions;

/**
 * The paper's hypervolume progression over optimisation steps: at step s the archive is
 * `{v₀, …, v_s}`, reduced to its non-dominated subset, and its hypervolume is reported. The
 * series never decreases (a later value is clamped to the earlier one against floating-point
 * rounding).
 *
 * In the paper each `v_s` is the per-criterion metric at step s averaged over runs, with reference
 * −1 per criterion for Spearman, 0 for OffByOne, and the scale width for MAE (minimised).
 *
 * @param stepVectors One objective vector per step, in step order.
 * @param reference The worst corner.
 * @param options Direction of each objective (default: all maximised).
 * @returns One hypervolume per step.
 * @throws {RangeError} When a vector's length differs from the reference's or a coordinate is
 * not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cumulativeHypervolume } from "./cumulative_hypervolume.ts";
 * const series = cumulativeHypervolume([[0, 0], [0.5, -0.5], [-0.2, -0.2]], [-1, -1]);
 * assert(JSON.stringify(series) === "[1,1.25,1.25]");
 * ```
 */
export function cumulativeHypervolume(
  stepVectors: readonly (readonly number[])[],
  reference: readonly number[],
  options: CumulativeHypervolumeOptions = {},
): number[] {
  let archive: (readonly number[])[] = [];
  let previous = 0;
  return stepVectors.map((vector) => {
    archive = nonDominated([...archive, vector], options);
    previous = Math.max(previous, hypervolume(archive, reference, options));
    return previous;
  });
}
