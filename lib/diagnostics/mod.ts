/**
 * The paper's LLM-driven diagnostics: gradient-specificity and feedback-adherence raters, the
 * noise-only control, the oracle combination, and instruction token counts.
 *
 * @module
 */
export type {
  CriterionScores,
  InstructionTokenLength,
  NoiseRepeat,
  OracleCombinationRecord,
  OraclePick,
  OracleSelection,
  RatingKind,
  RatingRow,
} from "../experiment/diagnostic_rows.ts";
export {
  countTokens,
  encodeTokens,
  TOKENIZER_NAMES,
  tokenizerForModel,
} from "../metrics/tokenizer.ts";
export type { TokenizerName } from "../metrics/tokenizer.ts";
export {
  adherencePrompt,
  parseRating,
  RATING_SCALE,
  specificityPrompt,
} from "../loop/rater_prompts.ts";
export type { AdherenceInput, SpecificityInput } from "../loop/rater_prompts.ts";
export { experimentCriteria, ratingUnits } from "./rating_units.ts";
export type { RatingUnit, RatingUnitsOptions } from "./rating_units.ts";
export { rateExperiment } from "./rate_experiment.ts";
export type { RateExperimentOptions, RateOutcome } from "./rate_experiment.ts";
export { criterionScores, evaluateForDiagnostics } from "./environment.ts";
export type { DiagnosticsEnvironment } from "./environment.ts";
export { NOISE_REPEATS, runNoiseControl } from "./noise_control.ts";
export type { NoiseControlOptions } from "./noise_control.ts";
export {
  pickInstruction,
  runOracleCombination,
  VALIDATION_POST_GATE_SPLIT,
} from "./oracle_combination.ts";
export type { OracleOptions, OraclePickMetric } from "./oracle_combination.ts";
export { openDiagnostics } from "./open_diagnostics.ts";
export type { OpenDiagnosticsOptions, OpenedDiagnostics } from "./open_diagnostics.ts";
