// Private helpers of the analyses.

/** Mean of the finite values (`NaN` when none is). */
export function finiteMean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** Sample standard deviation (ddof 1) of the finite values; 0 for one value, `NaN` for none. */
export function sampleStd(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return NaN;
  if (finite.length === 1) return 0;
  const m = finiteMean(finite);
  return Math.sqrt(finite.reduce((s, v) => s + (v - m) ** 2, 0) / (finite.length - 1));
}

/** Minimum and maximum of the finite values (`NaN` for none). */
export function finiteRange(values: readonly number[]): { min: number; max: number } {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0
    ? { min: NaN, max: NaN }
    : { min: Math.min(...finite), max: Math.max(...finite) };
}

/** Groups items by a key, keeping first-seen key order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...groups.get(key(item)) ?? [], item]);
  return groups;
}
