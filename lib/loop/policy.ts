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

/** The judge options every evaluation of a prompt (test, gate, OPRO scoring) shares. */
export interface EvaluationPolicy {
  /** Re-asks of the judge after an unusable answer. */
  reask: number;
  /** How an undefined correlation counts. */
  constantSpearman: UndefinedCorrelation;
  /** How the judge asks for scores (`off`: free text, as in the paper; `json_schema`). */
  structuredOutput: "off" | "json_schema";
  /** How the judge asks for the criteria (`joint`: one call, as in the paper). */
  strategy: JudgeStrategy;
}

/**
 * The evaluation options a profile implies: the judge's re-asks, the correlation policy and how
 * the judge asks for its scores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { evaluationOptions } from "./policy.ts";
 * import { PAPER_PROFILE } from "./profile.ts";
 * assert.deepEqual(evaluationOptions(PAPER_PROFILE),
 *   { reask: 0, constantSpearman: "zero", structuredOutput: "off", strategy: "joint" });
 * ```
 */
export function evaluationOptions(profile: Profile): EvaluationPolicy {
  return {
    reask: profile.judgeReask,
    constantSpearman: correlationPolicy(profile),
    structuredOutput: profile.judgeStructuredOutput ?? "off",
    strategy: profile.judgeStrategy ?? "joint",
  };
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
    reask: profile.optimizerReask,
  };
}
