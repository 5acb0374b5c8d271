/**
 * The gradient stage: feedback on the instruction(s), from the judge's exchange and the critiques.
 *
 * @module
 */
import type { JudgePrediction } from "../judge/predict.ts";
import { critiqueSections } from "./feedback.ts";
import { buildCombinedGradientPrompt, buildSeparateGradientPrompt } from "./gradient_prompts.ts";
import { callStage } from "../loop/stage_call.ts";
import type { TextGradContext } from "./context.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import type { Strategy } from "./mode.ts";
import type { Stage } from "./stage.ts";
import { exchangeParts, predictionFor } from "./views.ts";

function exampleOf(ctx: TextGradContext, exampleId: string | null) {
  const example = ctx.batch.find((e) => e.id === exampleId);
  if (!example) throw new RangeError(`critique refers to example ${exampleId}, not in the batch`);
  return example;
}

function separateGradients(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  critiques: readonly StageRecord[],
): Promise<StageRecord>[] {
  return critiques.map((critique) => {
    if (critique.criteria.length !== 1) {
      throw new RangeError(
        `mode ${ctx.mode.name}: an S gradient needs per-criterion critiques, got one covering ` +
          critique.criteria.join(", "),
      );
    }
    const criterion = critique.criteria[0];
    const example = exampleOf(ctx, critique.exampleId);
    const prediction = predictionFor(predictions, example.id);
    const prompt = buildSeparateGradientPrompt({
      criterion,
      conversation: exchangeParts(ctx, [criterion], example, prediction),
      critique: critique.text,
      instruction: ctx.prompt.instructions[criterion],
    });
    return callStage(ctx, {
      stage: "gradient",
      criteria: [criterion],
      exampleId: example.id,
      prompt,
      hint: { kind: "gradient", criteria: [criterion] },
    });
  });
}

function combinedGradients(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  critiques: readonly StageRecord[],
): Promise<StageRecord>[] {
  return ctx.batch.map((example) => {
    const own = critiques.filter((c) => c.exampleId === example.id);
    const prompt = buildCombinedGradientPrompt({
      criteria: ctx.criteria,
      conversation: exchangeParts(
        ctx,
        ctx.criteria,
        example,
        predictionFor(predictions, example.id),
      ),
      sections: critiqueSections(own, { firstTaskLabel: ctx.profile.quirks.cccFirstTaskLabel }),
      instructions: ctx.prompt.instructions,
    });
    return callStage(ctx, {
      stage: "gradient",
      criteria: [...ctx.criteria],
      exampleId: example.id,
      prompt,
      hint: { kind: "gradient", criteria: [...ctx.criteria] },
    });
  });
}

/**
 * Runs the gradient stage with the mode's variant ({@linkcode GRADIENT_VARIANTS}): `S` one call per (criterion, critique) with a task-filtered view;
 * `C` one call per sample with that sample's critiques concatenated under their labels.
 *
 * @throws {RangeError} When an `S` gradient gets a combined critique (an invalid mode) or a
 * critique refers to an example outside the batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runGradientStage } from "./gradient_stage.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * import { PAPER_PROFILE } from "../loop/profile.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const llm = {
 *   complete: () => Promise.resolve({ text: "Keep it. Vague. Add anchors.", finishReason: "stop",
 *     model: "m", usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false,
 *     dryRun: true, key: "k" }),
 * };
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { summary: "S.", source: "T." },
 *   labels: { fluency: 5, coherence: 3 } };
 * const prediction = { exampleId: "e1", scores: { fluency: 4, coherence: 3 }, literals: {},
 *   raw: '{"fluency": 4, "coherence": 3}', attempts: 1, callKey: "", dryRun: true };
 * const critiques = ["fluency", "coherence"].map((c) => ({ stage: "loss", criteria: [c],
 *   exampleId: "e1", prompt: "", text: `About ${c}.`, callKey: null }));
 * const prompt = seedPrompt(SUMMEVAL_SPEC, ["fluency", "coherence"]);
 * const records = await runGradientStage({ llm, spec: SUMMEVAL_SPEC, mode: MODE_PRESETS.SCC,
 *   profile: PAPER_PROFILE, prompt, seed: prompt, batch: [example],
 *   criteria: ["fluency", "coherence"], step: 1, run: 1 }, [prediction], critiques);
 * assert.ok(records.length === 1 && records[0].prompt.includes("Feedback for coherence:"));
 * ```
 */
export function runGradientStage(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  critiques: readonly StageRecord[],
): Promise<StageRecord[]> {
  return GRADIENT_VARIANTS[ctx.mode.gradient](ctx, predictions, critiques);
}

/** One variant of the gradient stage: the gradients of a step. */
export type GradientVariant = (
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  critiques: readonly StageRecord[],
) => Promise<StageRecord[]>;

/**
 * The gradient stage's variants: `S` one call per (criterion, critique), `C` one call per sample
 * over that sample's critiques.
 */
export const GRADIENT_VARIANTS: Readonly<Record<Strategy, GradientVariant>> = Object.freeze({
  S: (
    ctx: TextGradContext,
    predictions: readonly JudgePrediction[],
    critiques: readonly StageRecord[],
  ) => Promise.all(separateGradients(ctx, predictions, critiques)),
  C: (
    ctx: TextGradContext,
    predictions: readonly JudgePrediction[],
    critiques: readonly StageRecord[],
  ) => Promise.all(combinedGradients(ctx, predictions, critiques)),
});

/**
 * The gradient stage of a pipeline: the variant for `strategy`; it writes `state.gradients`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gradientStage } from "./gradient_stage.ts";
 * assert.ok(gradientStage("S").name === "gradient");
 * ```
 */
export function gradientStage(strategy: Strategy): Stage {
  const variant = GRADIENT_VARIANTS[strategy];
  return {
    name: "gradient",
    variant: strategy,
    async run(state) {
      state.gradients = await variant(state.ctx, state.predictions, state.critiques);
      return state.gradients;
    },
  };
}
