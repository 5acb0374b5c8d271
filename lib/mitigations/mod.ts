/**
 * The mitigations the paper proposes (paper-method §10), each a switch of the experiment
 * config's `mitigations` section: per-criterion and field-masked judging (judge strategies),
 * length-aware instruction synthesis (stages after `merge` and `optimizer`), the
 * specificity-aware router (a stage after `gradient`) and conflict-aware gradient merging (a
 * `merge` variant).
 *
 * @module
 */
export { activeMitigations, judgeStrategyOf, MITIGATION_NAMES } from "./config.ts";
export type { MitigationName, MitigationsConfig } from "./config.ts";
export { mitigationPipeline } from "./pipeline_options.ts";
export { specificityRouterStage } from "./specificity_router.ts";
export type { RoutingDecision, SpecificityRouterOptions } from "./specificity_router.ts";
export { lengthBudgetBriefStage, lengthBudgetStage } from "./length_budget.ts";
export type { LengthBudgetOptions, LengthBudgetReport } from "./length_budget.ts";
export { conflictMergeStage, splitSuggestions } from "./conflict_merge.ts";
export type {
  ConflictMergeOptions,
  ConflictMergeReport,
  ConflictRecord,
  Suggestion,
} from "./conflict_merge.ts";
