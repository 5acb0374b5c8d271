/**
 * The loss stage: textual critiques of the judge's predictions against the labels.
 *
 * @module
 */
import type { JudgePrediction } from "../judge/predict.ts";
import { buildCombinedLossPrompt, buildSeparateLossPrompt, type LossItem } from "./loss_prompts.ts";
import { callStage } from "../loop/stage_call.ts";
import type { StagePrompt } from "../loop/stage_prompt.ts";
import type { TextGradContext } from "./context.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import type { Stage } from "./stage.ts";
import type { Strategy } from "./mode.ts";
import { predictionFor } from "./views.ts";

/**
 * Runs the loss stage with the mode's variant ({@linkcode LOSS_VARIANTS}): `S` one call per
 * (criterion, sample), `C` one call per sample covering every criterion. Records come in (criterion, sample) order for `S` and sample order for `C`.
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
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
): Promise<StageRecord[]> {
  return LOSS_VARIANTS[ctx.mode.loss](ctx, predictions);
}

/** One variant of the loss stage: the critiques of a step. */
export type LossVariant = (
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
) => Promise<StageRecord[]>;

function lossCalls(
  ctx: TextGradContext,
  predictions: readonly JudgePrediction[],
  groups: string[][],
  build: (items: LossItem[], stringEquality: boolean) => StagePrompt,
): Promise<StageRecord[]> {
  const stringEquality = ctx.profile.quirks.stringEqualityCorrectness;
  const calls = groups.flatMap((group) =>
    ctx.batch.map((example) => {
      const prediction = predictionFor(predictions, example.id);
      const items: LossItem[] = group.map((criterion) => ({
        criterion,
        prediction: prediction.scores[criterion] ?? null,
        literal: prediction.literals[criterion],
        label: example.labels[criterion],
      }));
      return callStage(ctx, {
        stage: "loss",
        criteria: group,
        exampleId: example.id,
        prompt: build(items, stringEquality),
        hint: { kind: "critique", criteria: group },
      });
    })
  );
  return Promise.all(calls);
}

/** The loss stage's variants: `S` one call per (criterion, sample), `C` one call per sample. */
export const LOSS_VARIANTS: Readonly<Record<Strategy, LossVariant>> = Object.freeze({
  S: (ctx: TextGradContext, predictions: readonly JudgePrediction[]) =>
    lossCalls(
      ctx,
      predictions,
      ctx.criteria.map((c) => [c]),
      (items, stringEquality) => buildSeparateLossPrompt(items[0], { stringEquality }),
    ),
  C: (ctx: TextGradContext, predictions: readonly JudgePrediction[]) =>
    lossCalls(
      ctx,
      predictions,
      [[...ctx.criteria]],
      (items, stringEquality) => buildCombinedLossPrompt(items, { stringEquality }),
    ),
});

/**
 * The loss stage of a pipeline: the variant for `strategy`; it writes `state.critiques`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lossStage } from "./loss_stage.ts";
 * assert.ok(lossStage("C").name === "loss" && lossStage("C").variant === "C");
 * ```
 */
export function lossStage(strategy: Strategy): Stage {
  const variant = LOSS_VARIANTS[strategy];
  return {
    name: "loss",
    variant: strategy,
    async run(state) {
      state.critiques = await variant(state.ctx, state.predictions);
      return state.critiques;
    },
  };
}
