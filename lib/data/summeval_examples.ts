/**
 * Turning SummEval items into {@linkcode Example} rows. How labels are formed is data (a
 * {@linkcode SummEvalLabelRule}), so the paper's per-expert rows and aggregated labels share one path.
 *
 * @module
 */
import type { Example } from "./types.ts";
import { SUMMEVAL_CRITERIA, type SummEvalItem } from "./summeval.ts";

/**
 * How a row's four labels are formed from the three experts' ratings.
 *
 * - `"single-expert"`: the paper's rule. Each item becomes 3 consecutive rows, one per expert
 *   (`id` = `<itemId>#e<k>`, k = 0, 1, 2 in annotation order); the labels are that expert's ratings.
 * - `"mean"`: the mean of the three experts (a float, e.g. 4.333…).
 * - `"median"`: the median of the three experts (an integer).
 */
export type SummEvalLabelRule = "single-expert" | "mean" | "median";

/** Options of {@linkcode summevalExamples}. */
export interface SummEvalExampleOptions {
  /** Label rule; default `"single-expert"` (the paper). */
  labels?: SummEvalLabelRule;
  /**
   * One row per (item, expert) even for aggregated labels, so an aggregated variant keeps the
   * paper's row set. Always true for `"single-expert"`; default false otherwise.
   */
  perExpert?: boolean;
}

const aggregate: Record<SummEvalLabelRule, (ratings: readonly number[], expert: number) => number> =
  {
    "single-expert": (ratings, expert) => ratings[expert],
    mean: (ratings) => (ratings[0] + ratings[1] + ratings[2]) / 3,
    median: (ratings) => [...ratings].sort((a, b) => a - b)[1],
  };

/**
 * Converts items to examples (inputs `summary` and `source`, `group` = document id), keeping the
 * item order and, per item, the expert order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summevalExamples } from "./summeval_examples.ts";
 * import type { SummEvalItem } from "./summeval.ts";
 * const r = (a: number, b: number, c: number): [number, number, number] => [a, b, c];
 * const item: SummEvalItem = {
 *   id: "d/M1", docId: "d", systemId: "M1", source: "S", summary: "s", references: [],
 *   expert: { fluency: r(5, 4, 5), relevance: r(3, 3, 2), coherence: r(2, 4, 4), consistency: r(5, 5, 5) },
 *   scores: { fluency: 14 / 3, relevance: 8 / 3, coherence: 10 / 3, consistency: 5 },
 * };
 * const rows = summevalExamples([item]);
 * assert(rows.length === 3 && rows[1].id === "d/M1#e1" && rows[1].labels.fluency === 4);
 * assert(summevalExamples([item], { labels: "median" })[0].labels.coherence === 4);
 * ```
 */
export function summevalExamples(
  items: readonly SummEvalItem[],
  options: SummEvalExampleOptions = {},
): Example[] {
  const rule = options.labels ?? "single-expert";
  const perExpert = rule === "single-expert" || options.perExpert === true;
  const experts = perExpert ? [0, 1, 2] : [0];
  return items.flatMap((item) =>
    experts.map((k) => ({
      id: perExpert ? `${item.id}#e${k}` : item.id,
      itemId: item.id,
      group: item.docId,
      inputs: { summary: item.summary, source: item.source },
      labels: Object.fromEntries(
        SUMMEVAL_CRITERIA.map((c) => [c, aggregate[rule](item.expert[c], k)]),
      ),
    }))
  );
}

/**
 * The expert index of a per-expert row id (`<itemId>#e<k>`), or `undefined` for other ids.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expertIndexOf } from "./summeval_examples.ts";
 * assert(expertIndexOf("doc/M5#e2") === 2 && expertIndexOf("doc/M5") === undefined);
 * ```
 */
export function expertIndexOf(id: string): number | undefined {
  const match = /#e(\d+)$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
