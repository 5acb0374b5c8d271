/**
 * The TextGrad step as a list of stages: judge, loss, gradient, merge, optimizer, each the
 * variant its mode letter (or option) picks, plus any stage inserted after a named one.
 *
 * @module
 */
import type { PromptState } from "../judge/prompt_state.ts";
import type { StageRecord } from "../loop/stage_record.ts";
import type { StepTrace } from "../loop/prompt_optimizer.ts";
import type { TextGradContext } from "./context.ts";
import { gradientStage } from "./gradient_stage.ts";
import { judgeStage } from "./judge_stage.ts";
import { lossStage } from "./loss_stage.ts";
import { mergeStage } from "./merge_stage.ts";
import type { Mode } from "./mode.ts";
import { optimizerStage } from "./optimizer_stage.ts";
import { newStepState, type Stage, type StepState } from "./stage.ts";

/** A stage to insert into the pipeline, after the stage named `after`. */
export interface StageInsertion {
  /** Name of the stage it follows (`judge`, `loss`, `gradient`, `merge`, `optimizer`, ...). */
  after: string;
  /** The stage. */
  stage: Stage;
}

/** Options of {@linkcode pipelineFor}. */
export interface PipelineOptions {
  /** The merge: a name in `MERGE_VARIANTS` (default `paper`) or a stage of its own. */
  merge?: string | Stage;
  /** Stages to insert (mitigations, in-loop raters), in order. */
  insert?: readonly StageInsertion[];
}

/**
 * The stages of one TextGrad step for `mode`: judge, loss (mode letter 1), gradient (letter 2),
 * merge (`options.merge`), optimizer (letter 3), with `options.insert` placed after the stages
 * they name.
 *
 * @throws {RangeError} When an insertion names a stage not in the pipeline, or the merge variant
 * is unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pipelineFor } from "./pipeline.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * const stages = pipelineFor(MODE_PRESETS.SSC);
 * assert.deepEqual(stages.map((s) => `${s.name}:${s.variant}`),
 *   ["judge:batch", "loss:S", "gradient:S", "merge:paper", "optimizer:C"]);
 * ```
 */
export function pipelineFor(mode: Mode, options: PipelineOptions = {}): Stage[] {
  const merge = typeof options.merge === "object" ? options.merge : mergeStage(options.merge);
  const stages: Stage[] = [
    judgeStage(),
    lossStage(mode.loss),
    gradientStage(mode.gradient),
    merge,
    optimizerStage(mode.optimizer),
  ];
  for (const { after, stage } of options.insert ?? []) {
    const at = stages.map((s) => s.name).lastIndexOf(after);
    if (at < 0) {
      throw new RangeError(
        `cannot insert stage "${stage.name}" after "${after}": the pipeline has ` +
          stages.map((s) => s.name).join(", "),
      );
    }
    stages.splice(at + 1, 0, stage);
  }
  return stages;
}

/**
 * Runs one stage on the state and appends its records to `state.records`; returns its records.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runStage } from "./pipeline.ts";
 * const state = { records: [] } as unknown as Parameters<typeof runStage>[1];
 * const stage = { name: "note", variant: "x", run: () => Promise.resolve([{ stage: "note",
 *   criteria: [], exampleId: null, prompt: "", text: "hi", callKey: null }]) };
 * assert.ok((await runStage(stage, state)).length === 1 && state.records.length === 1);
 * ```
 */
export async function runStage(stage: Stage, state: StepState): Promise<StageRecord[]> {
  const records = await stage.run(state);
  state.records.push(...records);
  return records;
}

/**
 * Runs the stages in order over one step state and returns the step's trace.
 *
 * @throws {Error} When no stage produced a candidate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pipelineFor, runPipeline } from "./pipeline.ts";
 * import { MODE_PRESETS } from "./mode.ts";
 * import { PAPER_PROFILE } from "../loop/profile.ts";
 * import { createDryRunLlm } from "../llm/llm.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * import { toyExperimentData } from "../testing/toy_experiment.ts";
 * const { spec, splits } = toyExperimentData();
 * const llm = createDryRunLlm({ seed: 1 });
 * const prompt = seedPrompt(spec);
 * const trace = await runPipeline(pipelineFor(MODE_PRESETS.CCC), { llm, spec,
 *   mode: MODE_PRESETS.CCC, profile: PAPER_PROFILE, prompt, seed: prompt,
 *   batch: splits.train.slice(0, 3), criteria: spec.criteria.map((c) => c.name), step: 1, run: 1 });
 * assert.ok(trace.records.length === 10); // CCC: 3 judge, 3 loss, 3 gradient, 1 optimizer
 * llm.close();
 * ```
 */
export async function runPipeline(
  stages: readonly Stage[],
  ctx: TextGradContext,
): Promise<StepTrace> {
  const state = newStepState(ctx);
  for (const stage of stages) await runStage(stage, state);
  if (state.candidate === null) {
    throw new Error(`the pipeline ${stages.map((s) => s.name).join(" → ")} made no candidate`);
  }
  const candidate: PromptState = state.candidate;
  return { predictions: state.predictions, records: state.records, candidate };
}
