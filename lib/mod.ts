/**
 * collide: multi-objective prompt optimization of LLM judges with textual gradients.
 *
 * This entry is the curated set of names a notebook or a script needs: load and split the data,
 * talk to an LLM (or the dry-run backend), judge, step through TextGrad's stage pipeline, gate,
 * and open, run and read an experiment. Everything else lives behind the per-folder entries
 * (`@collide/kit/llm`, `/loop`, `/textgrad`, `/opro`, `/experiment`, `/metrics`, `/data`,
 * `/testing`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODE_PRESETS, pipelineFor } from "./mod.ts";
 * assert.deepEqual(pipelineFor(MODE_PRESETS.CCC).map((stage) => stage.name),
 *   ["judge", "loss", "gradient", "merge", "optimizer"]);
 * ```
 *
 * @module
 */
// Randomness and validation outcomes.
export { seededRandom } from "./random.ts";
export { FileError } from "./file_error.ts";
// Data: datasets, the paper's split.
export { DataError } from "./data/data_error.ts";
export { loadSummEval, SUMMEVAL_SPEC } from "./data/summeval.ts";
export { summevalSplit } from "./data/summeval_split.ts";
export { BRIGHTER_SPEC, loadBrighter } from "./data/brighter.ts";
export {
  DOCUMENT_SPLIT,
  PAPER_DISJOINT_SPLIT,
  PAPER_RUN_SPLIT,
  PAPER_SPLIT,
} from "./data/splits.ts";
// Metrics.
export { spearman } from "./metrics/spearman.ts";
export { kendallTauB } from "./metrics/kendall_tau_b.ts";
export { meanAbsoluteError } from "./metrics/mean_absolute_error.ts";
export { offByOneAccuracy } from "./metrics/off_by_one_accuracy.ts";
export { criterionMetrics } from "./metrics/criterion_metrics.ts";
export { hypervolume } from "./metrics/hypervolume.ts";
export { cumulativeHypervolume } from "./metrics/cumulative_hypervolume.ts";
export { nonDominated } from "./metrics/non_dominated.ts";
export { bootstrapSpearman } from "./metrics/bootstrap_spearman.ts";
export { bootstrapMeanDifference } from "./metrics/bootstrap_mean_difference.ts";
// The LLM layer.
export { loadLlmConfig, parseLlmConfig } from "./llm/config.ts";
export { createDryRunLlm, createLlm } from "./llm/llm.ts";
export { OpenAiBackend } from "./llm/openai_backend.ts";
export { ProgressReporter } from "./display/progress.ts";
export { exportCassette, importCassette } from "./llm/cassette.ts";
export { BudgetExceededError, ConfigError } from "./llm/errors.ts";
// The judge.
export { seedPrompt } from "./judge/prompt_state.ts";
export { renderJudgePrompt } from "./judge/render.ts";
export { judgeExamples } from "./judge/predict.ts";
export { evaluatePrompt } from "./judge/evaluate.ts";
// The shared loop: profiles, batches, the gate.
export { DEFAULT_PROFILE, PAPER_PROFILE, QUIRK_DESCRIPTIONS, withQuirks } from "./loop/profile.ts";
export { PROFILES, resolveProfile } from "./loop/profile_spec.ts";
export { trainingBatch } from "./loop/batches.ts";
export { runGate } from "./loop/gate.ts";
// TextGrad: modes and the stage pipeline.
export { MODE_PRESETS, parseMode } from "./textgrad/mode.ts";
export { newStepState } from "./textgrad/stage.ts";
export { pipelineFor, runPipeline, runStage } from "./textgrad/pipeline.ts";
export { MERGE_VARIANTS } from "./textgrad/merge_stage.ts";
export { textGradOptimizer } from "./textgrad/optimizer.ts";
// OPRO.
export { oproOptimizer } from "./opro/opro_optimizer.ts";
// Experiments.
export { loadExperimentConfig, parseExperimentConfig } from "./experiment/config.ts";
export { openExperiment } from "./experiment/setup.ts";
export { ExperimentStore } from "./experiment/store.ts";
export { instructionLengths } from "./experiment/lengths.ts";
export { instructionRewrites } from "./experiment/rewrites.ts";
export { formatSummaryTable, summarizeExperiment } from "./experiment/summary.ts";
export { formatEstimate } from "./experiment/estimate.ts";
export {
  mitigationArms,
  readMitigationStudy,
  runMitigationStudy,
} from "./experiment/mitigation_study.ts";
// Mitigations: the paper's proposals as switches of the config's `mitigations` section.
export * from "./mitigations/mod.ts";
// Types: every type of the public API, so signatures above can be read and written.
export type * from "./data/mod.ts";
export type * from "./metrics/mod.ts";
export type * from "./llm/mod.ts";
export type * from "./judge/mod.ts";
export type * from "./loop/mod.ts";
export type * from "./textgrad/mod.ts";
export type * from "./opro/mod.ts";
export type * from "./experiment/mod.ts";
export type * from "./display/progress.ts";
// Diagnostics: raters, the noise-only control, the oracle combination.
export * from "./diagnostics/mod.ts";
export * from "./analysis/mod.ts";
export * from "./figures/mod.ts";
export * from "./notebook/mod.ts";
export * from "./reproduce/mod.ts";
