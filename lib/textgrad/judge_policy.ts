/**
 * How a profile runs the judge: one place that turns the profile's quirks and settings into the
 * judge's options, for the training batch, the gate's validation sample, the test split and
 * OPRO's scoring subset.
 *
 * @module
 */
import type { EvaluateOptions } from "../judge/evaluate.ts";
import type { Profile } from "./profile.ts";

/** Where the judge's predictions are used. */
export type JudgePurpose = "train" | "validation" | "test" | "opro";

/**
 * The judge options a profile implies for `purpose`: re-asks, constrained decoding (never in the
 * paper profile), message layout, off-scale scores,
 * per-row or shared samples, undefined-metric values, and the abort rule (training batch: any
 * incomplete answer; validation and test: unparseable answers at the profile's tolerance; OPRO's
 * scoring subset is scored, as in the paper, without an abort).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgePolicy } from "./judge_policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.equal(judgePolicy(PAPER_PROFILE, "train").singleMessage, true);
 * assert.equal(judgePolicy(PAPER_PROFILE, "train").failurePolicy?.count, "incomplete");
 * assert.equal(judgePolicy(DEFAULT_PROFILE, "test").failurePolicy, undefined);
 * ```
 */
export function judgePolicy(profile: Profile, purpose: JudgePurpose): EvaluateOptions {
  const { quirks } = profile;
  const options: EvaluateOptions = {
    reask: profile.judgeReask,
    structuredOutput: profile.judgeStructuredOutput,
    resendOnReask: quirks.reaskResendsSamePrompt,
    singleMessage: quirks.singleUserMessage,
    keepOffScale: quirks.scoreOffScaleValues,
    shareIdenticalInputs: profile.shareIdenticalJudgeInputs,
    constantSpearman: quirks.spearmanZeroOnConstant ? "zero" : "nan",
    emptyMetrics: quirks.zeroOnEmptyMetrics ? "zero" : "nan",
  };
  if (quirks.abortOnJudgeFailures && purpose !== "opro") {
    options.failurePolicy = purpose === "train"
      ? { count: "incomplete", share: profile.judgeFailureTolerance, where: purpose }
      : { count: "unparseable", share: profile.judgeFailureTolerance, where: purpose };
  }
  return options;
}
