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
} from "./types.ts";
export { countTokens, encodeTokens, TOKENIZER_NAMES, tokenizerForModel } from "./tokenizer.ts";
export type { TokenizerName } from "./tokenizer.ts";
