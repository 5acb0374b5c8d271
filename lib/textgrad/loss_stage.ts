/**
 * The loss stage: textual critiques of the judge's predictions against the labels.
 *
 * @module
 */
import type { JudgePrediction } from "../judge/predict.ts";
import { buildCombinedLossPrompt, buildSeparateLossPrompt, type LossItem } from "./loss_prompts.ts";
import { callStage } from "../loop/stage_call.ts";
import type { StageContext } from "../loop/stage_context.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import { criterionGroups, predictionFor } from "./views.ts";

/**
 * Runs the loss stage: `S` one call per (criterion, sample), `C` one call per sample covering
 * every criterion. Records come in (criterion, sample) order for `S` and sample order for `C`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runLossStage } from "./loss_stage.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * import { PAPER_PROFILE } from "../loop/profile.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const llm = {
 *   complete: () => Promise.resolve({ text: "Off by one.", finishReason: "stop", model: "m",
 *     usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false, dryRun: true,
 *     key: "k" }),
 *   structured: () => Promise.reject(new Error("unused")),
 * };
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { summary: "S.", source: "T." },
 *   labels: { fluency: 5, coherence: 3 } };
 * const prediction = { exampleId: "e1", scores: { fluency: 4, coherence: 3 }, literals: {},
 *   raw: "", attempts: 1, callKey: "", dryRun: true };
 * const prompt = seedPrompt(SUMMEVAL_SPEC, ["fluency", "coherence"]);
 * const records = await runLossStage({ llm, spec: SUMMEVAL_SPEC, mode: MODE_PRESETS.SSS,
 *   profile: PAPER_PROFILE, prompt, seed: prompt, batch: [example],
 *   criteria: ["fluency", "coherence"], step: 1, run: 1 }, [prediction]);
 * assert.ok(records.length === 2 && records[0].criteria[0] === "fluency");
 * ```
 */
export function runLossStage(
  ctx: StageContext,
  predictions: readonly JudgePrediction[],
): Promise<StageRecord[]> {
  const stringEquality = ctx.profile.quirks.stringEqualityCorrectness;
  const calls = criterionGroups(ctx.mode.loss, ctx.criteria).flatMap((group) =>
    ctx.batch.map((example) => {
      const prediction = predictionFor(predictions, example.id);
      const items: LossItem[] = group.map((criterion) => ({
        criterion,
        prediction: prediction.scores[criterion] ?? null,
        literal: prediction.literals[criterion],
        label: example.labels[criterion],
      }));
      const prompt = ctx.mode.loss === "S"
        ? buildSeparateLossPrompt(items[0], { stringEquality })
        : buildCombinedLossPrompt(items, { stringEquality });
      return callStage(ctx, {
        stage: "loss",
        criteria: group,
        exampleId: example.id,
        prompt,
        hint: { kind: "critique", criteria: group },
      });
    })
  );
  return Promise.all(calls);
}
