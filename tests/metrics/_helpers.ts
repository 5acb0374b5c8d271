// Test helpers: independent reference computations and seeded data generators.
import { randomInt, type RandomSource } from "../../lib/random.ts";

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function permutation(random: RandomSource, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** `count` integers drawn uniformly from [min, max] (heavily tied for small ranges). */
export function randomScores(random: RandomSource, count: number, min: number, max: number) {
  return Array.from({ length: count }, () => min + randomInt(random, max - min + 1));
}

/**
 * Exact hypervolume by cell decomposition (maximisation): cut every axis at the reference and at
 * every point's coordinate, and add up the grid cells whose upper corner some counted point
 * weakly dominates. Slow, but shares no code or idea with the slicing algorithm under test.
 */
export function gridHypervolume(points: number[][], reference: number[]): number {
  const d = reference.length;
  const counted = points.filter((p) => p.every((v, i) => v > reference[i]));
  const cuts = reference.map((r, axis) =>
    [...new Set([r, ...counted.map((p) => p[axis])])].sort((a, b) => a - b)
  );
  let volume = 0;
  const cell = new Array<number>(d).fill(0);
  const visit = (axis: number): void => {
    if (axis === d) {
      const upper = cell.map((k, i) => cuts[i][k + 1]);
      if (counted.some((p) => p.every((v, i) => v >= upper[i]))) {
        volume += cell.reduce((prod, k, i) => prod * (cuts[i][k + 1] - cuts[i][k]), 1);
      }
      return;
    }
    for (let k = 0; k + 1 < cuts[axis].length; k++) {
      cell[axis] = k;
      visit(axis + 1);
    }
  };
  visit(0);
  return volume;
}
