/**
 * The one place that interprets the profile's evaluation and rewrite quirks, for every optimizer:
 * how an undefined correlation counts, how the judge is asked during evaluation, and what a
 * rewrite keeps when the optimizer's answer lacks a criterion.
 *
 * @module
 */
import type { JudgeStrategy } from "../judge/predict.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import type { UndefinedCorrelation } from "../metrics/types.ts";
import type { Profile } from "./profile.ts";
import type { MessageOptions } from "./stage_prompt.ts";

/**
 * How an undefined correlation (constant predictions, fewer than 3 pairs) counts: `zero` under
 * `spearmanZeroOnConstant` (the paper), otherwise `nan`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { correlationPolicy } from "./policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.ok(correlationPolicy(PAPER_PROFILE) === "zero");
 * assert.ok(correlationPolicy(DEFAULT_PROFILE) === "nan");
 * ```
 */
export function correlationPolicy(profile: Profile): UndefinedCorrelation {
  return profile.quirks.spearmanZeroOnConstant ? "zero" : "nan";
}

/** The judge options every judging of a prompt (training batch, test, gate, OPRO scoring) shares. */
export interface EvaluationPolicy {
  /** Re-asks of the judge after an unusable answer. */
  reask: number;
  /** How an undefined correlation counts. */
  constantSpearman: UndefinedCorrelation;
  /** How an MAE, off-by-one or accuracy over no usable pair counts. */
  emptyMetrics: UndefinedCorrelation;
  /** How the judge asks for scores (`off`: free text, as in the paper; `json_schema`). */
  structuredOutput: "off" | "json_schema";
  /** Every call is one user message (`singleUserMessage`). */
  singleMessage: boolean;
  /** Scores outside the scale are kept (`scoreOffScaleValues`). */
  keepOffScale: boolean;
  /** Identical judge inputs share one sample (`shareIdenticalJudgeInputs`); else one per row. */
  shareIdenticalInputs: boolean;
  /** A re-ask resends the same prompt (`reaskResendsSamePrompt`). */
  resendOnReask: boolean;
  /** How the judge asks for the criteria (`joint`: one call, as in the paper). */
  strategy: JudgeStrategy;
}

/**
 * The judge options a profile implies: re-asks, the correlation and empty-metric policies, how
 * the judge asks for its scores (constrained decoding never in the paper profile), the message
 * layout, off-scale scores and per-row or shared samples. (The abort rule on parse failures is
 * `parseFailureTolerance`, see {@linkcode parseFailureCounting}.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { evaluationOptions } from "./policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.deepEqual(evaluationOptions(PAPER_PROFILE), {
 *   reask: 0, constantSpearman: "zero", emptyMetrics: "zero", structuredOutput: "off",
 *   singleMessage: true, keepOffScale: true, shareIdenticalInputs: false, resendOnReask: true,
 *   strategy: "joint",
 * });
 * assert.equal(evaluationOptions(DEFAULT_PROFILE).keepOffScale, false);
 * ```
 */
export function evaluationOptions(profile: Profile): EvaluationPolicy {
  const { quirks } = profile;
  return {
    reask: profile.judgeReask,
    constantSpearman: correlationPolicy(profile),
    emptyMetrics: quirks.zeroOnEmptyMetrics ? "zero" : "nan",
    structuredOutput: profile.judgeStructuredOutput ?? "off",
    singleMessage: messageOptions(profile).singleMessage,
    keepOffScale: quirks.scoreOffScaleValues,
    shareIdenticalInputs: profile.shareIdenticalJudgeInputs,
    resendOnReask: optimizerAsk(profile).followUp === "resend",
    strategy: profile.judgeStrategy ?? "joint",
  };
}

/**
 * How every stage call is laid out under a profile: one user message (`singleUserMessage`, the
 * paper) or a system and a user message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { messageOptions } from "./policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.deepEqual(messageOptions(PAPER_PROFILE), { singleMessage: true });
 * assert.deepEqual(messageOptions(DEFAULT_PROFILE), { singleMessage: false });
 * ```
 */
export function messageOptions(profile: Profile): Required<MessageOptions> {
  return { singleMessage: profile.quirks.singleUserMessage };
}

/**
 * How the C optimizer (and OPRO) re-ask an unusable answer: how often, and whether the same
 * prompt is resent as a new sample (`reaskResendsSamePrompt`, the paper) or the conversation grows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optimizerAsk } from "./policy.ts";
 * import { PAPER_PROFILE } from "./profile.ts";
 * assert.deepEqual(optimizerAsk(PAPER_PROFILE), { reask: 2, followUp: "resend" });
 * ```
 */
export function optimizerAsk(
  profile: Profile,
): { reask: number; followUp: "resend" | "extend" } {
  const followUp = profile.quirks.reaskResendsSamePrompt ? "resend" : "extend";
  return { reask: profile.optimizerReask, followUp };
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
 * import { parseFailureCounting } from "./policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * assert.equal(parseFailureCounting(PAPER_PROFILE), "unparseable");
 * assert.equal(parseFailureCounting(DEFAULT_PROFILE), "incomplete");
 * ```
 */
export function parseFailureCounting(profile: Profile): "unparseable" | "incomplete" {
  return profile.quirks.evaluationCountsOnlyUnparseable ? "unparseable" : "incomplete";
}

/** Where a criterion without a usable rewrite goes, and why. */
export interface FallbackNote {
  /** The criterion. */
  criterion: string;
  /** `seed` (the paper) or `current` (the kit's default). */
  to: "seed" | "current";
  /** Why no rewrite was usable. */
  reason: string;
}

/** How a rewrite turns the optimizer's answer into a candidate prompt. */
export interface RewriteRules {
  /** The instruction a criterion gets when the answer has none, with the note to record. */
  fallback(criterion: string, reason: string): { text: string; note: FallbackNote };
  /** Whether the candidate shows the output-format block. */
  showOutputFormat: boolean;
  /** Re-asks of the optimizer after an answer with no usable instruction set. */
  reask: number;
}

/**
 * The rewrite rules of a profile for a step from `current` (run seed `seed`): under
 * `seedFallbackForMissingTasks` a criterion without a usable rewrite reverts to the seed
 * instruction, otherwise it keeps the current one; under `dropOutputFormatAfterUpdate` the
 * candidate loses the output-format block; the optimizer is re-asked `optimizerReask` times.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rewriteRules } from "./policy.ts";
 * import { DEFAULT_PROFILE, PAPER_PROFILE } from "./profile.ts";
 * const seed = { instructions: { a: "seed" }, showOutputFormat: true };
 * const current = { instructions: { a: "now" }, showOutputFormat: true };
 * const paper = rewriteRules(PAPER_PROFILE, { seed, current });
 * assert.ok(paper.fallback("a", "missing").text === "seed" && !paper.showOutputFormat);
 * const fixed = rewriteRules(DEFAULT_PROFILE, { seed, current });
 * assert.ok(fixed.fallback("a", "missing").note.to === "current" && fixed.showOutputFormat);
 * ```
 */
export function rewriteRules(
  profile: Profile,
  prompts: { seed: PromptState; current: PromptState },
): RewriteRules {
  const toSeed = profile.quirks.seedFallbackForMissingTasks;
  const { seed, current } = prompts;
  return {
    fallback(criterion, reason) {
      const text = (toSeed ? seed.instructions[criterion] : undefined) ??
        current.instructions[criterion];
      return { text, note: { criterion, to: toSeed ? "seed" : "current", reason } };
    },
    showOutputFormat: profile.quirks.dropOutputFormatAfterUpdate ? false : current.showOutputFormat,
    reask: optimizerAsk(profile).reask,
  };
}
