/**
 * Ranks values from 1 to n, giving tied values the average of the ranks they span ("midranks",
 * scipy's `rankdata(method="average")`). The rank of a value therefore does not depend on where
 * it sits in the input.
 *
 * @param values Finite numbers.
 * @returns One rank per value, in input order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { midranks } from "./midranks.ts";
 * assert(midranks([10, 20, 20, 5]).join() === "2,3.5,3.5,1");
 * ```
 */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}
