/**
 * The merge stage: how the gradients of a step become the labelled feedback groups the optimizer
 * reads. The paper's merge is one variant; a mitigation that changes how gradients are merged is
 * another entry of {@linkcode MERGE_VARIANTS} (or any {@linkcode Stage} named `merge`).
 *
 * @module
 */
import type { StageRecord } from "../loop/stage_record.ts";
import type { TextGradContext } from "./context.ts";
import { type FeedbackGroup, feedbackGroups } from "./feedback.ts";
import type { Stage } from "./stage.ts";

/** Merges a step's gradients into feedback groups. */
export type MergeVariant = (
  ctx: TextGradContext,
  gradients: readonly StageRecord[],
) => FeedbackGroup[];

/**
 * The merge variants by name. `paper`: per-criterion gradients under their criterion,
 * multi-criterion gradients once under `all criteria (...)`, or repeated under every criterion
 * under the `repeatCombinedGradientsPerTask` quirk.
 */
export const MERGE_VARIANTS: Readonly<Record<string, MergeVariant>> = Object.freeze({
  paper: (ctx: TextGradContext, gradients: readonly StageRecord[]) =>
    feedbackGroups(gradients, ctx.criteria, {
      repeatCombined: ctx.profile.quirks.repeatCombinedGradientsPerTask,
    }),
});

/**
 * The merge stage of a pipeline (no LLM call, no record): writes `state.feedback`.
 *
 * @throws {RangeError} For a variant name not in {@linkcode MERGE_VARIANTS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeStage } from "./merge_stage.ts";
 * assert.ok(mergeStage().variant === "paper");
 * assert.throws(() => mergeStage("nope"), RangeError);
 * ```
 */
export function mergeStage(variant = "paper"): Stage {
  const merge = MERGE_VARIANTS[variant];
  if (!merge) {
    throw new RangeError(
      `merge variant "${variant}" is unknown; available: ${Object.keys(MERGE_VARIANTS).join(", ")}`,
    );
  }
  return {
    name: "merge",
    variant,
    run(state) {
      state.feedback = merge(state.ctx, state.gradients);
      return Promise.resolve([]);
    },
  };
}
