/**
 * The specificity-aware router (against gradient dilution): in modes with combined gradients, a
 * rater scores each combined gradient's focus on every criterion inside the loop; when the
 * step's mean rating is below the threshold, the step falls back to per-criterion gradient calls.
 *
 * @module
 */
import { parseRating, RATING_SCALE, specificityPrompt } from "../loop/rater_prompts.ts";
import { callStage } from "../loop/stage_call.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import { GRADIENT_VARIANTS } from "../textgrad/gradient_stage.ts";
import type { Stage } from "../textgrad/stage.ts";

/** Options of {@linkcode specificityRouterStage}. */
export interface SpecificityRouterOptions {
  /** Fall back to per-criterion gradients when the mean rating (1–10) is below this. */
  threshold: number;
  /** The rating role (default `rater`). */
  role?: string;
}

/** The routing decision of one step, stored in the `router` record's `data`. */
export interface RoutingDecision {
  /** One rating per (combined gradient, criterion); `null` when the answer had none. */
  ratings: { exampleId: string | null; criterion: string; rating: number | null }[];
  /** Mean of the parsed ratings; `null` when none parsed (then the step falls back). */
  mean: number | null;
  /** The threshold. */
  threshold: number;
  /** Whether the step fell back to per-criterion gradients. */
  fallback: boolean;
  /** Rater calls made. */
  raterCalls: number;
  /** Per-criterion gradient calls made (0 without fallback). */
  gradientCalls: number;
}

/**
 * The router stage, inserted after `gradient`. A step without combined gradients (S gradient
 * modes) is left alone and makes no call. Otherwise it rates every combined gradient for every
 * criterion (the specificity rater's prompt, role `rater`), and when the mean rating is below
 * `threshold` (or no rating parsed) replaces the step's gradients with per-criterion gradient
 * calls, one per (criterion, sample), each from that sample's critique of the criterion (a
 * combined critique stands for each criterion it covers). It returns the rater records, one
 * `router` record holding the {@linkcode RoutingDecision}, and the new gradient records.
 *
 * @throws {RangeError} When the threshold is outside the rating scale.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specificityRouterStage } from "./specificity_router.ts";
 * const stage = specificityRouterStage({ threshold: 6 });
 * assert.ok(stage.name === "router" && stage.variant === "specificity<6");
 * assert.throws(() => specificityRouterStage({ threshold: 12 }), RangeError);
 * ```
 */
export function specificityRouterStage(options: SpecificityRouterOptions): Stage {
  const { threshold } = options;
  if (!(threshold >= RATING_SCALE.min && threshold <= RATING_SCALE.max + 1)) {
    throw new RangeError(
      `router threshold ${threshold} is outside 1–11 (the rating scale is 1–10)`,
    );
  }
  const role = options.role ?? "rater";
  return {
    name: "router",
    variant: `specificity<${threshold}`,
    async run(state) {
      const { ctx } = state;
      const combined = state.gradients.filter((g) => g.criteria.length > 1);
      if (combined.length === 0) return [];
      const raterRecords = await Promise.all(
        combined.flatMap((gradient) =>
          gradient.criteria.map(async (criterion) => {
            const record = await callStage(ctx, {
              stage: role,
              criteria: [criterion],
              exampleId: gradient.exampleId,
              prompt: {
                system: "",
                user: specificityPrompt({
                  target: criterion,
                  criteria: [...ctx.criteria],
                  gradient: gradient.text,
                }),
              },
              hint: {
                kind: "rating",
                ...RATING_SCALE,
                basis: {
                  kind: "focus",
                  text: gradient.text,
                  target: criterion,
                  criteria: ctx.criteria,
                },
              },
            });
            return { ...record, data: { rating: parseRating(record.text) } };
          })
        ),
      );
      const ratings = raterRecords.map((r) => ({
        exampleId: r.exampleId,
        criterion: r.criteria[0],
        rating: (r.data as { rating: number | null }).rating,
      }));
      const parsed = ratings.flatMap((r) => r.rating === null ? [] : [r.rating]);
      const mean = parsed.length === 0 ? null : parsed.reduce((a, b) => a + b, 0) / parsed.length;
      const fallback = mean === null || mean < threshold;
      let routed: StageRecord[] = [];
      if (fallback) {
        const perCriterion = state.critiques.flatMap((critique) =>
          critique.criteria.map((criterion) => ({ ...critique, criteria: [criterion] }))
        );
        routed = await GRADIENT_VARIANTS.S(ctx, state.predictions, perCriterion);
        state.gradients = routed;
      }
      const decision: RoutingDecision = {
        ratings,
        mean,
        threshold,
        fallback,
        raterCalls: raterRecords.length,
        gradientCalls: routed.length,
      };
      const summary: StageRecord = {
        stage: "router",
        criteria: [...ctx.criteria],
        exampleId: null,
        prompt: "",
        text: fallback
          ? `mean specificity ${mean?.toFixed(2) ?? "none parsed"} < ${threshold}: ` +
            `${routed.length} per-criterion gradient calls replace the combined gradients`
          : `mean specificity ${mean!.toFixed(2)} ≥ ${threshold}: combined gradients kept`,
        callKey: null,
        data: decision,
      };
      return [...raterRecords, summary, ...routed];
    },
  };
}
