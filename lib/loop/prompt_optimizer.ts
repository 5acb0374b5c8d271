/**
 * The seam between the experiment loop and an optimizer: what a step gets and what it returns.
 *
 * @module
 */
import type { Example } from "../data/types.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import type { StageContext } from "./stage_context.ts";
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

/**
 * A prompt optimizer: TextGrad, OPRO, ... The loop, gate and store are shared. An optimizer is
 * built for one run configuration (TextGrad's mode, OPRO's candidates) and keeps no state between
 * steps besides `StepTrace.state`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { PromptOptimizer } from "./prompt_optimizer.ts";
 * const keep: PromptOptimizer = {
 *   name: "keep",
 *   propose: (ctx) => Promise.resolve({ predictions: [], records: [], candidate: ctx.prompt }),
 * };
 * assert.ok(keep.name === "keep");
 * ```
 */
export interface PromptOptimizer {
  /** Name recorded with every run (`textgrad`, `opro`). */
  readonly name: string;
  /** Proposes a candidate prompt for one step. */
  propose(ctx: ProposeContext): Promise<StepTrace>;
}
