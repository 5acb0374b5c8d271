/**
 * How the judge's exchanges are shown to the gradient and optimizer stages, and the routing of
 * criteria into call groups by a stage's strategy letter.
 *
 * @module
 */
import type { Example } from "../data/types.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import { renderJudgeSystem, renderSampleFields } from "../judge/render.ts";
import type { Strategy } from "./mode.ts";
import type { StageContext } from "../loop/stage_context.ts";

/**
 * The criteria each call of a stage covers: one call per criterion (`S`) or one for all (`C`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { criterionGroups } from "./views.ts";
 * assert.ok(criterionGroups("S", ["a", "b"]).length === 2);
 * assert.ok(criterionGroups("C", ["a", "b"])[0].join() === "a,b");
 * ```
 */
export function criterionGroups(strategy: Strategy, criteria: readonly string[]): string[][] {
  return strategy === "S" ? criteria.map((c) => [c]) : [[...criteria]];
}

/**
 * The prediction for an example.
 *
 * @throws {RangeError} When there is none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { predictionFor } from "./views.ts";
 * const p = { exampleId: "e1", scores: {}, literals: {}, raw: "{}", attempts: 1, callKey: "", dryRun: true };
 * assert.ok(predictionFor([p], "e1") === p);
 * ```
 */
export function predictionFor(
  predictions: readonly JudgePrediction[],
  exampleId: string,
): JudgePrediction {
  const found = predictions.find((p) => p.exampleId === exampleId);
  if (!found) throw new RangeError(`no judge prediction for example ${exampleId}`);
  return found;
}

/**
 * A prediction's value for one criterion as shown to the stages (`(missing)` when absent).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shownValue } from "./views.ts";
 * const p = { exampleId: "e1", scores: { a: 4, b: null }, literals: { a: "4" }, raw: "",
 *   attempts: 1, callKey: "", dryRun: true };
 * assert.ok(shownValue(p, "a") === "4" && shownValue(p, "b") === "(missing)");
 * ```
 */
export function shownValue(prediction: JudgePrediction, criterion: string): string {
  const score = prediction.scores[criterion];
  if (score === null || score === undefined) return "(missing)";
  return prediction.literals[criterion] ?? String(score);
}

/** The judge's system prompt, input and output for one example, filtered to `group`. */
export interface ExchangeParts {
  /** The system prompt filtered to the group's criteria. */
  system: string;
  /** The sample fields. */
  input: string;
  /** Raw judge output for the full view; `criterion: value` lines for a filtered view. */
  output: string;
}

/**
 * The exchange as a stage covering `group` sees it: a one-criterion group gets the task-filtered
 * system prompt and only its own value; a multi-criterion group gets the full prompt and the
 * judge's raw answer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exchangeParts } from "./views.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const example = { id: "e1", itemId: "e1", group: "g", labels: {},
 *   inputs: { summary: "S.", source: "T." } };
 * const p = { exampleId: "e1", scores: { fluency: 4 }, literals: { fluency: "4" },
 *   raw: '{"fluency": 4}', attempts: 1, callKey: "", dryRun: true };
 * const ctx = { spec: SUMMEVAL_SPEC, prompt: seedPrompt(SUMMEVAL_SPEC), criteria: ["fluency", "coherence"] };
 * const parts = exchangeParts(ctx, ["fluency"], example, p);
 * assert.ok(parts.output === "fluency: 4" && !parts.system.includes("coherence"));
 * ```
 */
export function exchangeParts(
  ctx: Pick<StageContext, "spec" | "prompt" | "criteria">,
  group: readonly string[],
  example: Example,
  prediction: JudgePrediction,
): ExchangeParts {
  const filtered = group.length === 1 && ctx.criteria.length > 1;
  const shown = filtered ? [...group] : ctx.criteria;
  return {
    system: renderJudgeSystem(ctx.spec, ctx.prompt, { criteria: shown }),
    input: renderSampleFields(ctx.spec, example),
    output: filtered ? `${group[0]}: ${shownValue(prediction, group[0])}` : prediction.raw,
  };
}
