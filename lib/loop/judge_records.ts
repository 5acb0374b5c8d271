/**
 * The records of a step's judge calls, as every optimizer stores them.
 *
 * @module
 */
import type { Example } from "../data/types.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import { renderJudgePrompt } from "../judge/render.ts";
import type { StageContext } from "./stage_context.ts";
import type { StageRecord } from "./stage_record.ts";

/**
 * Records of the judge calls of a step (stage `judge`, one per prediction).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeRecords } from "./judge_records.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { summary: "S.", source: "T." },
 *   labels: {} };
 * const prediction = { exampleId: "e1", scores: { fluency: 4 }, literals: {},
 *   raw: '{"fluency": 4}', attempts: 1, callKey: "k", dryRun: true };
 * const [record] = judgeRecords({ spec: SUMMEVAL_SPEC, prompt: seedPrompt(SUMMEVAL_SPEC),
 *   criteria: ["fluency"] }, [example], [prediction]);
 * assert.ok(record.stage === "judge" && record.callKey === "k");
 * ```
 */
export function judgeRecords(
  ctx: Pick<StageContext, "spec" | "prompt" | "criteria">,
  examples: readonly Example[],
  predictions: readonly JudgePrediction[],
): StageRecord[] {
  return predictions.map((prediction, i) => ({
    stage: "judge",
    criteria: [...ctx.criteria],
    exampleId: prediction.exampleId,
    prompt: renderJudgePrompt(ctx.spec, ctx.prompt, examples[i], { criteria: ctx.criteria }),
    text: prediction.raw,
    callKey: prediction.callKey || null,
    data: { scores: prediction.scores, error: prediction.error, attempts: prediction.attempts },
  }));
}
