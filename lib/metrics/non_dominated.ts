import {
  checkVectors,
  directionSigns,
  type ObjectiveOptions,
  oriented,
  weaklyDominates,
} from "./_objectives.ts";

/** Options of {@linkcode nonDominated}. */
export type NonDominatedOptions = ObjectiveOptions;

/**
 * The Pareto front of a set of objective vectors: the vectors no other vector dominates
 * (at least as good everywhere and better somewhere). Duplicates are kept once, at their first
 * position; the front keeps input order.
 *
 * @param points Objective vectors of equal length with finite coordinates.
 * @param options Direction of each objective (default: all maximised).
 * @returns The non-dominated vectors (the input arrays themselves, not copies).
 * @throws {RangeError} When vectors differ in length or contain non-finite values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nonDominated } from "./non_dominated.ts";
 * const front = nonDominated([[1, 1], [2, 0], [0, 0], [1, 1]]);
 * assert(JSON.stringify(front) === "[[1,1],[2,0]]");
 * const mae = nonDominated([[0.5], [0.7]], { direction: "min" });
 * assert(mae.length === 1 && mae[0][0] === 0.5);
 * ```
 */
export function nonDominated<T extends readonly number[]>(
  points: readonly T[],
  options: NonDominatedOptions = {},
): T[] {
  if (points.length === 0) return [];
  const dimensions = points[0].length;
  checkVectors(points, dimensions, "point");
  const signs = directionSigns(options.direction, dimensions);
  const maximised = points.map((point) => oriented(point, signs));
  return points.filter((_, i) =>
    maximised.every((other, j) => {
      if (j === i || !weaklyDominates(other, maximised[i])) return true;
      // `other` is at least as good everywhere: it dominates unless it is an equal vector that
      // comes later (the first copy of a duplicate survives).
      return j > i && weaklyDominates(maximised[i], other);
    })
  );
}
