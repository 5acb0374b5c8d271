/**
 * A TextGrad step as data: the step state every stage reads and writes, and the stage object.
 *
 * @module
 */
import type { JudgePrediction } from "../judge/predict.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import type { TextGradContext } from "./context.ts";
import type { FeedbackGroup } from "./feedback.ts";

/** What the stages of one step have produced so far. */
export interface StepState {
  /** The step's inputs. */
  ctx: TextGradContext;
  /** The judge's predictions on the batch (stage `judge`). */
  predictions: JudgePrediction[];
  /** The loss critiques (stage `loss`). */
  critiques: StageRecord[];
  /** The gradients (stage `gradient`). */
  gradients: StageRecord[];
  /** The gradients merged into labelled groups for the optimizer (stage `merge`). */
  feedback: FeedbackGroup[];
  /** The proposed prompt (stage `optimizer`); `null` until it ran. */
  candidate: PromptState | null;
  /** Every record of the step so far, in stage order. */
  records: StageRecord[];
}

/**
 * One stage of the step: it reads the state, writes its outputs into it and returns its records
 * (one per LLM call, or per derived text). A mitigation or an in-loop rater is a variant of a
 * stage or a stage inserted into the list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Stage } from "./stage.ts";
 * const keepAll: Stage = {
 *   name: "merge",
 *   variant: "none",
 *   run(state) {
 *     state.feedback = [{ label: "everything", bullets: state.gradients.map((g) => g.text) }];
 *     return Promise.resolve([]);
 *   },
 * };
 * assert.ok(keepAll.name === "merge");
 * ```
 */
export interface Stage {
  /** Stage name (`judge`, `loss`, `gradient`, `merge`, `optimizer`, or a new one). */
  readonly name: string;
  /** Which variant of the stage (`S`, `C`, `paper`, ...). */
  readonly variant: string;
  /** Runs the stage on the state and returns the records it produced. */
  run(state: StepState): Promise<StageRecord[]>;
}

/**
 * A fresh step state.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newStepState } from "./stage.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * import { PAPER_PROFILE } from "../loop/profile.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const llm = { complete: () => Promise.reject(new Error("unused")) };
 * const prompt = seedPrompt(SUMMEVAL_SPEC);
 * const state = newStepState({ llm, spec: SUMMEVAL_SPEC, mode: MODE_PRESETS.SSS,
 *   profile: PAPER_PROFILE, prompt, seed: prompt, batch: [], criteria: ["fluency"], step: 1,
 *   run: 1 });
 * assert.ok(state.candidate === null && state.records.length === 0);
 * ```
 */
export function newStepState(ctx: TextGradContext): StepState {
  return {
    ctx,
    predictions: [],
    critiques: [],
    gradients: [],
    feedback: [],
    candidate: null,
    records: [],
  };
}
