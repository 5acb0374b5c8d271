/**
 * The paper's abort rule for judge failures (paper-method §3.3, §12.14): a step stops when too
 * many of the judge's answers are unusable.
 *
 * @module
 */
import type { JudgePrediction } from "./predict.ts";

/** What counts as a failure, and how many are tolerated. */
export interface JudgeFailurePolicy {
  /**
   * `incomplete`: a prediction missing any criterion (the paper's training batch, where a missing
   * key aborts the loss stage); `unparseable`: an answer with no readable JSON object (the paper's
   * evaluation, where a missing key is merely dropped).
   */
  count: "incomplete" | "unparseable";
  /** The step aborts when failures ≥ `share` × predictions (and at least one failed). */
  share: number;
  /** Where the predictions come from, for the message (`train`, `validation`, `test`). */
  where: string;
}

/** Thrown when the judge's failures reach the policy's share: the run stops as the paper's did. */
export class JudgeFailureError extends Error {
  /** Failed predictions. */
  readonly failures: number;
  /** Predictions checked. */
  readonly total: number;
  /** Builds the error. */
  constructor(message: string, failures: number, total: number) {
    super(message);
    this.name = "JudgeFailureError";
    this.failures = failures;
    this.total = total;
  }
}

/**
 * Counts the failures of `predictions` under `policy` and throws {@linkcode JudgeFailureError}
 * when they reach its share (one failure of 3 at share 0.05, 5 of 100, 24 of 480).
 *
 * @throws {JudgeFailureError} When failures ≥ share × n and failures > 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkJudgeFailures, JudgeFailureError } from "./judge_failure.ts";
 * const ok = { exampleId: "a", scores: { f: 3 }, literals: {}, raw: "", attempts: 1, callKey: "",
 *   dryRun: true };
 * const bad = { ...ok, exampleId: "b", scores: { f: null }, error: "no JSON", unparseable: true };
 * assert.equal(checkJudgeFailures([ok, ok, ok], { count: "incomplete", share: 0.05, where: "train" }), 0);
 * assert.throws(() => checkJudgeFailures([ok, ok, bad], { count: "incomplete", share: 0.05, where: "train" }),
 *   JudgeFailureError);
 * ```
 */
export function checkJudgeFailures(
  predictions: readonly JudgePrediction[],
  policy: JudgeFailurePolicy,
): number {
  const failed = predictions.filter((p) =>
    policy.count === "unparseable"
      ? p.unparseable === true
      : Object.values(p.scores).some((v) => v === null)
  );
  const n = predictions.length;
  if (failed.length > 0 && failed.length >= policy.share * n) {
    const ids = failed.slice(0, 5).map((p) => p.exampleId).join(", ");
    throw new JudgeFailureError(
      `judge failures on ${policy.where}: ${failed.length} of ${n} answers ${policy.count} ` +
        `(abort at ≥ ${policy.share * 100}%), e.g. ${ids}: ${failed[0].error ?? "missing score"}`,
      failed.length,
      n,
    );
  }
  return failed.length;
}
