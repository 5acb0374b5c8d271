/**
 * The interface the experiment loop calls once per step, and its TextGrad implementation.
 *
 * @module
 */
import type { Example } from "../data/types.ts";
import { judgeExamples, type JudgePrediction } from "../judge/predict.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import { renderJudgePrompt } from "../judge/render.ts";
import { runGradientStage } from "./gradient_stage.ts";
import { judgePolicy } from "./judge_policy.ts";
import { runLossStage } from "./loss_stage.ts";
import { runOptimizerStage } from "./optimizer_stage.ts";
import { type StageContext, stepDraw, stepLabel } from "./stage_context.ts";
import type { StageRecord } from "./stage_record.ts";

/** What an optimizer gets for one step. */
export interface ProposeContext extends StageContext {
  /** The whole training pool (OPRO draws its fixed subset and exemplars from it). */
  train: readonly Example[];
  /**
   * The optimizer's carry-over state from the previous step (`StepTrace.state`), restored from
   * the store on resume; `undefined` at the first step.
   */
  state?: unknown;
}

/** Everything an optimizer did in one step. */
export interface StepTrace {
  /** The judge's predictions on the step's training examples (current prompt). */
  predictions: JudgePrediction[];
  /** Every text produced, in pipeline order (judge, loss, gradient, optimizer, ...). */
  records: StageRecord[];
  /** The proposed prompt (the gate decides whether it is accepted). */
  candidate: PromptState;
  /** Plain-JSON state to pass back as `ProposeContext.state` next step (OPRO's trajectory). */
  state?: unknown;
}

/** A prompt optimizer: TextGrad, OPRO, ... The loop, gate and store are shared. */
export interface PromptOptimizer {
  /** Name recorded with every run (`textgrad`, `opro`). */
  readonly name: string;
  /** Proposes a candidate prompt for one step. */
  propose(ctx: ProposeContext): Promise<StepTrace>;
}

/**
 * Records of the judge calls of a step (stage `judge`, one per prediction).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeRecords } from "./optimizer.ts";
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

/**
 * The TextGrad optimizer: judge the batch (draw `r<run>/s<step>/train`), then the loss, gradient
 * and optimizer stages routed by the mode's letters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textGradOptimizer } from "./optimizer.ts";
 * assert.ok(textGradOptimizer().name === "textgrad");
 * ```
 */
export function textGradOptimizer(): PromptOptimizer {
  return {
    name: "textgrad",
    async propose(ctx: ProposeContext): Promise<StepTrace> {
      const predictions = await judgeExamples(ctx.llm, ctx.spec, ctx.prompt, ctx.batch, {
        criteria: ctx.criteria,
        ...judgePolicy(ctx.profile, "train"),
        draw: stepDraw(ctx, "train"),
        label: stepLabel(ctx, "train"),
        signal: ctx.signal,
      });
      const critiques = await runLossStage(ctx, predictions);
      const gradients = await runGradientStage(ctx, predictions, critiques);
      const { candidate, records } = await runOptimizerStage(ctx, predictions, gradients);
      return {
        predictions,
        records: [
          ...judgeRecords(ctx, ctx.batch, predictions),
          ...critiques,
          ...gradients,
          ...records,
        ],
        candidate,
      };
    },
  };
}
