/**
 * `deno task reproduce`: the paper's whole study as phases (data, experiment, raters, noise
 * control, oracle combination, figures, report), resumable, with a report beside the paper.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildStudyPlan, studyPhases } from "./mod.ts";
 * const plan = await buildStudyPlan({ env: () => undefined });
 * assert.ok(plan.ok && plan.value.dryRun);
 * assert.equal(studyPhases().at(-1)?.name, "report");
 * ```
 *
 * @module
 */
export {
  buildStudyPlan,
  DRY_RUN_STUDY,
  LLM_CONFIG_ENV,
  PAPER_STUDY,
  type StudyPlan,
  type StudyPlanInput,
  type StudySizes,
} from "./plan.ts";
export {
  addUsage,
  type PhaseState,
  readStudyState,
  settingsDrift,
  stateFile,
  studySettings,
  type StudyState,
  usageDelta,
  writeStudyState,
} from "./state.ts";
export {
  ensureDataset,
  type EnsureDatasetOptions,
  type EnsureDatasetResult,
} from "./ensure_dataset.ts";
export {
  estimateStudy,
  type EstimateStudyOptions,
  formatDuration,
  formatStudyEstimate,
  type PhaseEstimate,
} from "./study_estimate.ts";
export {
  DATA_PHASE,
  EXPERIMENT_PHASE,
  FIGURES_PHASE,
  NOISE_PHASE,
  ORACLE_PHASE,
  type PhaseOutcome,
  RATINGS_PHASE,
  REPORT_PHASE,
  type StudyContext,
  type StudyPhase,
  studyPhases,
  type StudyPhasesOptions,
} from "./phases.ts";
export {
  comparisonMarkdown,
  DRY_RUN_LABEL,
  MITIGATION_SECTION,
  renderStudyReport,
  reportTables,
  type StudyReportInput,
  VOLATILE_SECTION,
  writeStudyReport,
} from "./report.ts";
export { studyDeviations } from "./deviations.ts";
export { MITIGATIONS_PHASE } from "./mitigation_phase.ts";
export {
  DEFAULT_STUDY_ARMS,
  DRY_RUN_MITIGATION_MODES,
  mitigationStudyConfig,
  mitigationStudyDir,
} from "./mitigation_plan.ts";
export {
  phaseSink,
  runStudy,
  type RunStudyOptions,
  STUDY_EXIT,
  type StudyIo,
} from "./run_study.ts";
