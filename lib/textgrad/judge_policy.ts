/**
 * How a profile runs the judge: one place that turns the profile's quirks and settings into the
 * judge's options, for the training batch, the gate's validation sample, the test split and
 * OPRO's scoring subset.
 *
 * @module
 */
import type { EvaluateOptions } from "../judge/evaluate.ts";
import type { Profile } from "./profile.ts";
import type { MessageOptions } from "./stage_prompt.ts";

/** Where the judge's predictions are used. */
export type JudgePurpose = "train" | "validation" | "test" | "opro";

/**
 * The judge options a profile implies for `purpose`: re-asks, constrained decoding (never in the
 * paper profile), message layout, off-scale scores,
 * per-row or shared samples and undefined-metric values. (The abort rule on parse failures is
 * `parseFailureTolerance`, checked per judged set when a step is stored; see
 * {@linkcode parseFailureCounting}.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgePolicy } from "./judge_policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.equal(judgePolicy(PAPER_PROFILE, "train").singleMessage, true);
 * assert.equal(judgePolicy(DEFAULT_PROFILE, "test").keepOffScale, false);
 * ```
 */
export function judgePolicy(profile: Profile, _purpose: JudgePurpose): EvaluateOptions {
  const { quirks } = profile;
  const options: EvaluateOptions = {
    reask: profile.judgeReask,
    structuredOutput: profile.judgeStructuredOutput,
    resendOnReask: optimizerAsk(profile).resend,
    singleMessage: messageOptions(profile).singleMessage,
    keepOffScale: quirks.scoreOffScaleValues,
    shareIdenticalInputs: profile.shareIdenticalJudgeInputs,
    constantSpearman: quirks.spearmanZeroOnConstant ? "zero" : "nan",
    emptyMetrics: quirks.zeroOnEmptyMetrics ? "zero" : "nan",
  };
  return options;
}

/**
 * How every stage call is laid out under a profile: one user message (`singleUserMessage`, the
 * paper) or a system and a user message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { messageOptions } from "./judge_policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.deepEqual(messageOptions(PAPER_PROFILE), { singleMessage: true });
 * assert.deepEqual(messageOptions(DEFAULT_PROFILE), { singleMessage: false });
 * ```
 */
export function messageOptions(profile: Profile): MessageOptions {
  return { singleMessage: profile.quirks.singleUserMessage };
}

/**
 * How the C optimizer (and OPRO) re-ask an unusable answer: how often, and whether the same
 * prompt is resent as a new sample (`reaskResendsSamePrompt`, the paper) or the conversation grows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optimizerAsk } from "./judge_policy.ts";
 * import { PAPER_PROFILE } from "./profile.ts";
 * assert.deepEqual(optimizerAsk(PAPER_PROFILE), { reask: 2, resend: true });
 * ```
 */
export function optimizerAsk(profile: Profile): { reask: number; resend: boolean } {
  return { reask: profile.optimizerReask, resend: profile.quirks.reaskResendsSamePrompt };
}

/**
 * What counts as a judge parse failure on validation and test, for the run's
 * `parseFailureTolerance` check: `unparseable` (no readable JSON; a missing key is dropped, as in
 * the paper, under `evaluationCountsOnlyUnparseable`) or `incomplete` (any missing score). The
 * training batch always counts incomplete answers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFailureCounting } from "./judge_policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.equal(parseFailureCounting(PAPER_PROFILE), "unparseable");
 * assert.equal(parseFailureCounting(DEFAULT_PROFILE), "incomplete");
 * ```
 */
export function parseFailureCounting(profile: Profile): "unparseable" | "incomplete" {
  return profile.quirks.evaluationCountsOnlyUnparseable ? "unparseable" : "incomplete";
}
