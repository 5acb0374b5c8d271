/**
 * The judge's parse-failure policy of a run: every judged set of a step (training batch, each
 * validation evaluation, the test split) is checked against a tolerance, so a server that answers
 * in the wrong format stops the run with a message instead of passing silently as `n/a` metrics.
 *
 * @module
 */
import type { JudgePrediction } from "../judge/predict.ts";
import type { StepRecord } from "./types.ts";

/** Parse failures of one judged set. */
export interface ParseFailureCount {
  /** `train`, `val-incumbent`, `val-candidate` or `test`. */
  split: string;
  /** Judge answers with no usable score. */
  failures: number;
  /** Judge answers in the set. */
  total: number;
  /** One raw failed answer, for the message. */
  sample?: string;
}

/** A run stopped because too many judge answers could not be parsed. */
export class ParseFailureError extends Error {
  /** The set that crossed the tolerance. */
  readonly count: ParseFailureCount;
  /** The tolerance that was crossed (a fraction). */
  readonly tolerance: number;
  /** Builds the message from the count and the tolerance. */
  constructor(where: string, count: ParseFailureCount, tolerance: number) {
    const rate = count.failures / count.total;
    const raw = JSON.stringify((count.sample ?? "").slice(0, 200));
    super(
      `${where} ${count.split}: ${count.failures}/${count.total} judge answers ` +
        `(${percent(rate)}) could not be parsed, at or above the tolerance of ${
          percent(tolerance)
        } (parseFailureTolerance); one raw answer: ${raw}. Check that the judge endpoint answers ` +
        `with a JSON object of scores, then resume (parseFailureTolerance may be raised on resume).`,
    );
    this.name = "ParseFailureError";
    this.count = count;
    this.tolerance = tolerance;
  }
}

/**
 * Counts the failed judge answers of every judged set in a step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepParseFailures } from "./parse_failures.ts";
 * const bad = { exampleId: "e", scores: {}, literals: {}, raw: "??", error: "no JSON", attempts: 1,
 *   callKey: "k", dryRun: true };
 * const counts = stepParseFailures({ trainPredictions: [bad], validation: [],
 *   test: { predictions: [], parseFailures: 0, metrics: {}, average: {} } });
 * assert.deepEqual(counts, [{ split: "train", failures: 1, total: 1, sample: "??" }]);
 * ```
 */
export function stepParseFailures(
  record: Pick<StepRecord, "trainPredictions" | "validation" | "test">,
  options: StepParseFailureOptions = {},
): ParseFailureCount[] {
  const evaluation = options.evaluation ?? "incomplete";
  return [
    count("train", record.trainPredictions, "incomplete"),
    ...record.validation.map((v) => count(v.split, v.evaluation.predictions, evaluation)),
    count("test", record.test.predictions, evaluation),
  ].filter((c) => c.total > 0);
}

/** Options of {@linkcode stepParseFailures}. */
export interface StepParseFailureOptions {
  /**
   * What counts on validation and test: `incomplete` (default: any missing score) or
   * `unparseable` (no readable JSON object; the paper drops a missing key at evaluation). The
   * training batch always counts incomplete answers.
   */
  evaluation?: "incomplete" | "unparseable";
}

/**
 * Throws {@linkcode ParseFailureError} for the first judged set whose failures are at or above
 * `tolerance` × its size (the paper's rule: `failures ≥ 5 % × batch`, so one failure in a batch of
 * three aborts). A set with no failure always passes; a tolerance of 1 only stops at 100 %.
 *
 * @throws {ParseFailureError} When a set crosses the tolerance.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkParseFailures, ParseFailureError } from "./parse_failures.ts";
 * const counts = [{ split: "test", failures: 4, total: 8, sample: "Sure! Four." }];
 * checkParseFailures(counts, 0.75, "run r1 step 2"); // 50 % is under 75 %
 * assert.throws(() => checkParseFailures(counts, 0.5, "run r1 step 2"), ParseFailureError);
 * ```
 */
export function checkParseFailures(
  counts: readonly ParseFailureCount[],
  tolerance: number,
  where: string,
): void {
  for (const c of counts) {
    if (c.failures > 0 && c.failures >= tolerance * c.total - 1e-9) {
      throw new ParseFailureError(where, c, tolerance);
    }
  }
}

/**
 * A rate as a short percentage (`12.5%`, `n/a` without answers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRate } from "./parse_failures.ts";
 * assert.equal(formatRate(1, 8), "1/8 (12.5%)");
 * ```
 */
export function formatRate(failures: number, total: number): string {
  return total === 0 ? "n/a" : `${failures}/${total} (${percent(failures / total)})`;
}

function count(
  split: string,
  predictions: readonly JudgePrediction[],
  counting: "incomplete" | "unparseable",
): ParseFailureCount {
  const failed = predictions.filter((p) =>
    counting === "unparseable" ? p.unparseable === true : p.error !== undefined
  );
  return {
    split,
    failures: failed.length,
    total: predictions.length,
    ...(failed.length > 0 ? { sample: failed[0].raw } : {}),
  };
}

function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(1))}%`;
}
