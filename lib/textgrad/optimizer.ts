/**
 * The TextGrad {@linkcode PromptOptimizer}: one run of the stage pipeline per step.
 *
 * @module
 */
import type { PromptOptimizer, ProposeContext, StepTrace } from "../loop/prompt_optimizer.ts";
import type { Mode } from "./mode.ts";
import { pipelineFor, type PipelineOptions, runPipeline } from "./pipeline.ts";

/** Options of {@linkcode textGradOptimizer}. */
export interface TextGradOptions extends PipelineOptions {
  /** The decomposition mode of the run. */
  mode: Mode;
}

/**
 * The TextGrad optimizer of one run configuration: every step runs
 * `pipelineFor(options.mode, options)` (judge the batch with draw `r<run>/s<step>/train`, then
 * loss, gradient, merge and optimizer) with the mode on TextGrad's context.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { textGradOptimizer } from "./optimizer.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * const optimizer = textGradOptimizer({ mode: MODE_PRESETS.CCC });
 * assert.ok(optimizer.name === "textgrad" && optimizer.stages.length === 5);
 * ```
 */
export function textGradOptimizer(
  options: TextGradOptions,
): PromptOptimizer & { readonly stages: readonly string[] } {
  const stages = pipelineFor(options.mode, options);
  return {
    name: "textgrad",
    stages: stages.map((s) => `${s.name}:${s.variant}`),
    propose(ctx: ProposeContext): Promise<StepTrace> {
      return runPipeline(stages, { ...ctx, mode: options.mode });
    },
  };
}
