import type { NoiseRepeat } from "../experiment/diagnostic_rows.ts";
import { cumulativeHypervolume } from "../metrics/cumulative_hypervolume.ts";
import { finiteMean, finiteRange, sampleStd } from "./_stats.ts";

/** Options of {@linkcode noiseBand}. */
export interface NoiseBandOptions {
  /** Metric. Default `"spearman"`. */
  metric?: string;
  /** HVI reference per criterion. Default −1. */
  reference?: number;
}

/** Spread of one quantity over the noise-only repeats. */
export interface NoiseSpread {
  /** Mean over repeats. */
  mean: number;
  /** Lowest repeat. */
  min: number;
  /** Highest repeat. */
  max: number;
  /** Sample std over repeats. */
  std: number;
  /** Repeats with a defined value. */
  n: number;
}

/** The noise floor: the seed prompt re-evaluated N times (no prompt change at all). */
export interface NoiseBand {
  /** Repeats used. */
  repeats: number;
  /** Criteria. */
  criteria: string[];
  /** Per criterion spread. */
  perCriterion: Record<string, NoiseSpread>;
  /** Spread of the mean over criteria. */
  average: NoiseSpread;
  /**
   * Cumulative HVI over the repeats taken as if they were steps: how far the paper's HVI grows
   * from judge-sampling noise alone.
   */
  hvi: number[];
}

function spread(values: number[]): NoiseSpread {
  const { min, max } = finiteRange(values);
  return {
    mean: finiteMean(values),
    min,
    max,
    std: sampleStd(values),
    n: values.filter(Number.isFinite).length,
  };
}

/**
 * The noise-only control's spread (paper-method §7.3 caveat): per criterion and averaged over
 * criteria, plus the HVI growth that re-evaluating an unchanged prompt produces.
 *
 * @param repeats Noise repeats (from `store.noiseRepeats()`).
 * @param options Metric and HVI reference.
 * @returns The band; gains inside `[min, max]` of the average do not exceed sampling noise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noiseBand } from "./noise_band.ts";
 * const repeat = (i: number, v: number) => ({ repeat: i, predictions: [],
 *   metrics: { fluency: { spearman: v }, _average: { spearman: v } } });
 * const band = noiseBand([repeat(0, 0.2), repeat(1, 0.3), repeat(2, 0.25)]);
 * assert.equal(band.average.min, 0.2);
 * assert.equal(band.hvi.at(-1), 1.3);
 * ```
 */
export function noiseBand(
  repeats: readonly NoiseRepeat[],
  options: NoiseBandOptions = {},
): NoiseBand {
  const metric = options.metric ?? "spearman";
  const reference = options.reference ?? -1;
  const ordered = [...repeats].sort((a, b) => a.repeat - b.repeat);
  const criteria = [
    ...new Set(ordered.flatMap((r) => Object.keys(r.metrics).filter((c) => c !== "_average"))),
  ];
  const value = (r: NoiseRepeat, c: string) => r.metrics[c]?.[metric] ?? NaN;
  const vectors = ordered.map((r) =>
    criteria.map((c) => Number.isFinite(value(r, c)) ? Math.max(value(r, c), reference) : reference)
  );
  return {
    repeats: ordered.length,
    criteria,
    perCriterion: Object.fromEntries(
      criteria.map((c) => [c, spread(ordered.map((r) => value(r, c)))]),
    ),
    average: spread(ordered.map((r) => finiteMean(criteria.map((c) => value(r, c))))),
    hvi: criteria.length === 0 ? [] : cumulativeHypervolume(vectors, criteria.map(() => reference)),
  };
}
