/**
 * The gradient stage: feedback on the instruction(s), from the judge's exchange and the critiques.
 *
 * @module
 */
import type { JudgePrediction } from "../judge/predict.ts";
import { critiqueSections } from "./feedback.ts";
import { buildCombinedGradientPrompt, buildSeparateGradientPrompt } from "./gradient_prompts.ts";
import { callStage } from "../loop/stage_call.ts";
import type { StageContext } from "../loop/stage_context.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import { exchangeParts, predictionFor } from "./views.ts";

function exampleOf(ctx: StageContext, exampleId: string | null) {
  const example = ctx.batch.find((e) => e.id === exampleId);
  if (!example) throw new RangeError(`critique refers to example ${exampleId}, not in the batch`);
  return example;
}

function separateGradients(
  ctx: StageContext,
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
  ctx: StageContext,
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
 * Runs the gradient stage: `S` one call per (criterion, critique) with a task-filtered view;
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
 *   structured: () => Promise.reject(new Error("unused")),
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
  ctx: StageContext,
  predictions: readonly JudgePrediction[],
  critiques: readonly StageRecord[],
): Promise<StageRecord[]> {
  const calls = ctx.mode.gradient === "S"
    ? separateGradients(ctx, predictions, critiques)
    : combinedGradients(ctx, predictions, critiques);
  return Promise.all(calls);
}
