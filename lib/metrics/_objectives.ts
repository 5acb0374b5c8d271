// Private helpers for the Pareto functions: orientation and validation of objective vectors.
import type { Direction } from "./types.ts";

/** Options shared by the Pareto and hypervolume functions. */
export interface ObjectiveOptions {
  /**
   * Which way each objective improves: one direction for all, or one per coordinate.
   * Default `"max"`. Use `"min"` for MAE.
   */
  direction?: Direction | readonly Direction[];
}

/** Checks that every vector is finite with `dimensions` coordinates. */
export function checkVectors(
  vectors: readonly (readonly number[])[],
  dimensions: number,
  what: string,
): void {
  vectors.forEach((vector, index) => {
    if (vector.length !== dimensions) {
      throw new RangeError(
        `${what} ${index} has ${vector.length} coordinates, expected ${dimensions}`,
      );
    }
    if (!vector.every(Number.isFinite)) {
      throw new RangeError(`${what} ${index} has a non-finite coordinate: [${vector.join(", ")}]`);
    }
  });
}

/** Turns per-objective directions into signs (+1 maximise, −1 minimise). */
export function directionSigns(
  direction: ObjectiveOptions["direction"],
  dimensions: number,
): number[] {
  const directions = typeof direction === "string" || direction === undefined
    ? new Array<Direction>(dimensions).fill(direction ?? "max")
    : direction;
  if (directions.length !== dimensions) {
    throw new RangeError(`${directions.length} directions given for ${dimensions} objectives`);
  }
  return directions.map((d) => (d === "min" ? -1 : 1));
}

/** Multiplies each coordinate by its sign, so every objective is maximised. */
export function oriented(vector: readonly number[], signs: readonly number[]): number[] {
  return vector.map((value, i) => value * signs[i]);
}

/** `a` weakly dominates `b` (maximisation): `a ≥ b` in every coordinate. */
export function weaklyDominates(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] < b[i]) return false;
  return true;
}
