// Private helpers shared by the correlation metrics.
import type { CorrelationOptions } from "./types.ts";

/** Pearson correlation; `NaN` when either side has zero variance. Clamped to [-1, 1]. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Fewest pairs for which the kit reports a correlation (the paper's rule). */
export const MIN_CORRELATION_PAIRS = 3;

/** Applies the undefined-value policy: `NaN` stays `NaN` or becomes 0 (paper-compatible). */
export function settleCorrelation(value: number, options: CorrelationOptions): number {
  if (!Number.isNaN(value)) return value;
  return options.constant === "zero" ? 0 : NaN;
}
