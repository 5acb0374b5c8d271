import {
  checkVectors,
  directionSigns,
  type ObjectiveOptions,
  oriented,
  weaklyDominates,
} from "./_objectives.ts";

/** Options of {@linkcode hypervolume}. */
export type HypervolumeOptions = ObjectiveOptions;

/**
 * The exact hypervolume indicator: the volume of the region dominated by `points` and bounded by
 * `reference` (the union of the boxes between the reference and each point). No normalisation,
 * as in the paper.
 *
 * Only points strictly better than the reference in every coordinate count; the others add
 * nothing. The computation slices along the last objective and recurses (HSO with a 2-D sweep at
 * the bottom, keeping only non-dominated points per slice), which is exact in any dimension and
 * fast for the paper's sizes (≤ 6 objectives, tens of points).
 *
 * @param points Objective vectors with finite coordinates.
 * @param reference The worst corner, e.g. −1 per criterion for Spearman.
 * @param options Direction of each objective (default: all maximised; `"min"` for MAE, whose
 * reference is then the largest acceptable error).
 * @returns The hypervolume (≥ 0; 0 for no counted point).
 * @throws {RangeError} When a vector's length differs from the reference's or a coordinate is
 * not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hypervolume } from "./hypervolume.ts";
 * // Two boxes of area 2 overlapping in a unit square.
 * assert(hypervolume([[2, 1], [1, 2]], [0, 0]) === 3);
 * // The paper's case: with reference −1, one Spearman vector ρ gives Π(1 + ρ_t).
 * assert(Math.abs(hypervolume([[0.2, 0.3]], [-1, -1]) - 1.2 * 1.3) < 1e-12);
 * // MAE is minimised: reference 4 (scale 1–5), a point with MAE 1 spans 3.
 * assert(hypervolume([[1]], [4], { direction: "min" }) === 3);
 * ```
 */
export function hypervolume(
  points: readonly (readonly number[])[],
  reference: readonly number[],
  options: HypervolumeOptions = {},
): number {
  const dimensions = reference.length;
  if (dimensions === 0) throw new RangeError("the reference point needs at least one coordinate");
  checkVectors([reference], dimensions, "reference");
  checkVectors(points, dimensions, "point");
  const signs = directionSigns(options.direction, dimensions);
  const ref = oriented(reference, signs);
  const counted = points
    .map((point) => oriented(point, signs))
    .filter((point) => point.every((value, i) => value > ref[i]));
  return sliceVolume(counted, ref, dimensions);
}

/** Volume dominated by `points` in the first `d` coordinates (all points are > ref there). */
function sliceVolume(points: number[][], ref: readonly number[], d: number): number {
  if (points.length === 0) return 0;
  if (d === 1) return Math.max(...points.map((p) => p[0])) - ref[0];
  if (d === 2) return sweepArea(points, ref);
  const axis = d - 1;
  const sorted = [...points].sort((a, b) => b[axis] - a[axis]);
  const front: number[][] = []; // non-dominated in the first d − 1 coordinates
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    insertIntoFront(front, sorted[i], axis);
    const lower = i + 1 < sorted.length ? sorted[i + 1][axis] : ref[axis];
    const height = sorted[i][axis] - lower;
    if (height > 0) volume += height * sliceVolume(front, ref, axis);
  }
  return volume;
}

/** Area dominated in the first two coordinates: sweep x downwards, tracking the best y. */
function sweepArea(points: number[][], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => b[0] - a[0]);
  let area = 0;
  let bestY = ref[1];
  for (let i = 0; i < sorted.length; i++) {
    bestY = Math.max(bestY, sorted[i][1]);
    const nextX = i + 1 < sorted.length ? sorted[i + 1][0] : ref[0];
    area += (sorted[i][0] - nextX) * (bestY - ref[1]);
  }
  return area;
}

/** Adds `point` to a front over the first `d` coordinates, dropping what it dominates. */
function insertIntoFront(front: number[][], point: number[], d: number): void {
  const head = (v: number[]) => v.slice(0, d);
  const candidate = head(point);
  if (front.some((member) => weaklyDominates(head(member), candidate))) return;
  for (let i = front.length - 1; i >= 0; i--) {
    if (weaklyDominates(candidate, head(front[i]))) front.splice(i, 1);
  }
  front.push(point);
}
