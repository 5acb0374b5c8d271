/**
 * Experiments: the configuration, the components chosen by it (profile, optimizer and its grid
 * axes), the SQLite store, the run loop, resume, the dry-run estimate and the summary table.
 * `openExperiment()` returns an {@linkcode Experiment} with `.run()` and `.estimate()`.
 *
 * @module
 */
export type {
  Algorithm,
  CallLogEntry,
  ExperimentManifest,
  InstructionLength,
  RoleManifest,
} from "./types.ts";
export type {
  RunCheckpoint,
  RunKey,
  RunRow,
  RunStatus,
  SplitEvaluation,
  StepMetric,
  StepRecord,
} from "./types.ts";
export {
  dryRunDefaults,
  loadExperimentConfig,
  overrideConfig,
  parseExperimentConfig,
} from "./config.ts";
export type {
  ExperimentConfig,
  ExperimentSplitOptions,
  OproConfig,
  OptimizerConfig,
  TextGradConfig,
} from "./config.ts";
export { ExperimentStore, runIdOf } from "./store.ts";
export type { CallTotals, StepSummary, StoreOptions } from "./store.ts";
export { STORE_SCHEMA, STORE_SCHEMA_VERSION } from "./schema.ts";
export { instructionLengths } from "./lengths.ts";
export { callLogger, currentRunId, withRunId } from "./call_log.ts";
export { runOne } from "./run.ts";
export type { ExperimentSplits, RunEnvironment, Sampling } from "./run.ts";
export { runExperiment } from "./experiment.ts";
export { optimizerOf, OPTIMIZERS, planRuns, profileOf, resolvedComponents } from "./components.ts";
export type { GridAxis, GridConfig, OptimizerEntry, ResolvedComponents } from "./components.ts";
export {
  ExperimentExistsError,
  ManifestDriftError,
  NothingToResumeError,
  StoreFormatError,
} from "./errors.ts";
export { resolveLlmConfig } from "./llm_config.ts";
export type { ExperimentGrid } from "./grid.ts";
export { experimentGrid } from "./grid.ts";
export type { ExperimentInputs, ExperimentOutcome } from "./experiment.ts";
export { EXPERIMENT_DATASETS, loadExperimentData, splitPlan } from "./dataset.ts";
export type { ExperimentData } from "./dataset.ts";
export { openExperiment } from "./setup.ts";
export type { Experiment, ExperimentRunOptions, OpenExperimentOptions } from "./setup.ts";
export { estimateExperiment, formatEstimate } from "./estimate.ts";
export type { EstimateOptions, ExperimentEstimate } from "./estimate.ts";
export { formatSummaryTable, summarizeExperiment } from "./summary.ts";
export { instructionRewrites } from "./rewrites.ts";
export type { InstructionRewrite } from "./rewrites.ts";
export type { ConfigSummary, SummaryTableOptions } from "./summary.ts";
/** Re-exported because the experiment's public API takes or returns them. */
export type * from "../data/mod.ts";
export type {
  SplitOptions,
  ValidationFromRest,
  ValidationFromTrain,
  ValidationPlan,
} from "../data/splits.ts";
export type * from "../judge/mod.ts";
export type * from "../loop/mod.ts";
export type * from "../textgrad/mod.ts";
export type * from "../llm/mod.ts";
export { mitigationArms, readMitigationStudy, runMitigationStudy } from "./mitigation_study.ts";
export type { MitigationArm, MitigationStudy, MitigationStudyOptions } from "./mitigation_study.ts";
export type * from "../mitigations/mod.ts";
export {
  checkParseFailures,
  formatRate,
  ParseFailureError,
  stepParseFailures,
} from "./parse_failures.ts";
export type { ParseFailureCount, StepParseFailureOptions } from "./parse_failures.ts";
