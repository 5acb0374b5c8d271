/**
 * The judge stage: the current prompt judges the step's training batch.
 *
 * @module
 */
import { judgeExamples } from "../judge/predict.ts";
import { judgeRecords } from "../loop/judge_records.ts";
import { evaluationOptions } from "../loop/policy.ts";
import { stepDraw, stepLabel } from "../loop/stage_context.ts";
import type { Stage } from "./stage.ts";

/**
 * The judge stage of a pipeline: judges the batch (draw `r<run>/s<step>/train`), writes
 * `state.predictions` and returns one `judge` record per prediction.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeStage } from "./judge_stage.ts";
 * assert.ok(judgeStage().name === "judge");
 * ```
 */
export function judgeStage(): Stage {
  return {
    name: "judge",
    variant: "batch",
    async run(state) {
      const { ctx } = state;
      state.predictions = await judgeExamples(ctx.llm, ctx.spec, ctx.prompt, ctx.batch, {
        criteria: ctx.criteria,
        // The profile's judge: layout, re-asks, off-scale scores, per-row samples.
        ...evaluationOptions(ctx.profile),
        draw: stepDraw(ctx, "train"),
        label: stepLabel(ctx, "train"),
        signal: ctx.signal,
      });
      return judgeRecords(ctx, ctx.batch, state.predictions);
    },
  };
}
