/**
 * SummEval splits: items in the original paired order, turned into rows by a label rule, then
 * split by a {@linkcode SplitOptions} plan. `summevalSplit(items, PAPER_SPLIT)` is the paper's
 * exact 160/480 split.
 *
 * @module
 */
import type { Example } from "./types.ts";
import { type SummEvalItem, toPairedOrder } from "./summeval.ts";
import { type SummEvalExampleOptions, summevalExamples } from "./summeval_examples.ts";
import { type DatasetSplit, splitExamples, type SplitOptions } from "./splits.ts";

/** A SummEval split: a split plan plus the label rule (both plain data). */
export interface SummEvalSplitOptions extends SplitOptions, SummEvalExampleOptions {}

/**
 * Splits SummEval. Items are first put in SummEval's paired-file order, so the result does not
 * depend on the order of `items`. With the default `"single-expert"` labels each item gives 3
 * rows; `PAPER_SPLIT` then selects exactly the paper's 160 train and 480 test rows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError, loadSummEval, PAPER_SPLIT, summevalSplit } from "./mod.ts";
 * try {
 *   const split = summevalSplit(await loadSummEval(), PAPER_SPLIT);
 *   assert(split.train.length === 160 && split.test.length === 480);
 *   const docs = summevalSplit(await loadSummEval(), { unit: "group", train: 10, test: 30, labels: "mean" });
 *   assert(docs.train.length === 160);
 * } catch (error) {
 *   if (!(error instanceof DataError)) throw error;
 *   console.log(error.message); // no data yet: run `deno task data`
 * }
 * ```
 */
export function summevalSplit(
  items: readonly SummEvalItem[],
  options: SummEvalSplitOptions,
): DatasetSplit<Example> {
  return splitExamples(summevalExamples(toPairedOrder(items), options), options);
}
