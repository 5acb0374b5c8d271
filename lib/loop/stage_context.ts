/**
 * The inputs every stage of one optimisation step shares.
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/types.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import type { LlmGateway } from "../llm/types.ts";
import type { Profile } from "./profile.ts";

/** Shared inputs of every stage of one step, whatever the optimizer (TextGrad adds its mode). */
export interface StageContext {
  /** The LLM layer. */
  llm: LlmGateway;
  /** The dataset. */
  spec: DatasetSpec;
  /** Quirk flags and re-ask policies. */
  profile: Profile;
  /** The current (incumbent) prompt. */
  prompt: PromptState;
  /** The seed prompt of the run (the paper's fallback for missing criteria). */
  seed: PromptState;
  /** The training minibatch of this step. */
  batch: readonly Example[];
  /** Criteria optimised in this run (all of the spec's, or one for Single). */
  criteria: string[];
  /** Step number (1-based in the paper's loop). */
  step: number;
  /** Run number. */
  run: number;
  /**
   * Prefix of every draw key (see `ChatRequest.draw`). Runs with different scopes sample
   * independently; runs sharing a scope (or none) reuse identical calls from the cache.
   */
  drawScope?: string;
  /** Cancels the calls. */
  signal?: AbortSignal;
}

/**
 * Draw key of a step's stage calls, `[<scope>/]r<run>/s<step>` (the judge appends a purpose).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepDraw } from "./stage_context.ts";
 * assert.ok(stepDraw({ run: 2, step: 3 }) === "r2/s3");
 * assert.ok(stepDraw({ run: 2, step: 3 }, "train") === "r2/s3/train");
 * assert.ok(stepDraw({ run: 2, step: 3, drawScope: "SSC/mae" }) === "SSC/mae/r2/s3");
 * ```
 */
export function stepDraw(
  ctx: Pick<StageContext, "run" | "step" | "drawScope">,
  purpose?: string,
): string {
  const scope = ctx.drawScope ? `${ctx.drawScope}/` : "";
  return `${scope}r${ctx.run}/s${ctx.step}${purpose ? `/${purpose}` : ""}`;
}

/**
 * Label of a call, `run <r> step <s> <parts...>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepLabel } from "./stage_context.ts";
 * assert.ok(stepLabel({ run: 1, step: 2 }, "loss", "fluency", "ex e1") ===
 *   "run 1 step 2 loss fluency ex e1");
 * ```
 */
export function stepLabel(ctx: Pick<StageContext, "run" | "step">, ...parts: string[]): string {
  return [`run ${ctx.run} step ${ctx.step}`, ...parts].join(" ");
}
