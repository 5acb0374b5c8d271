/**
 * Shapes of the paper's diagnostics as the experiment store keeps them: rater scores, the
 * noise-only control, the oracle combination and instruction lengths in tokens. The rater and
 * runner code writes these rows; the analyses (`lib/analysis/`) read them.
 *
 * @module
 */
import type { JudgePrediction, PromptState } from "../judge/mod.ts";

/** Which diagnostic rater produced a rating (paper-method §7.4, §7.5). */
export type RatingKind = "specificity" | "adherence";

/** One rating of one (run, step, criterion) unit by one rater. */
export interface RatingRow {
  /** Run the rated gradient or rewrite belongs to. */
  runId: string;
  /** Optimization step (1-based). */
  step: number;
  /** Target criterion of the rating. */
  criterion: string;
  /** Which rater. */
  kind: RatingKind;
  /** The rating, 1–10; `null` when the answer was unparseable or out of range (excluded). */
  rating: number | null;
  /** The rater prompt sent. */
  prompt: string;
  /** The rater's raw answer. */
  raw: string;
  /** Cache key of the rater call; `null` without a call. */
  callKey: string | null;
  /** True when the rater backend was the dry-run backend (synthetic rating). */
  dryRun: boolean;
}

/** One criterion's metric values of one evaluation (a noise-control repeat, an oracle prompt). */
export interface CriterionScores {
  /** `metrics[criterion][metric]` = value (`NaN` when undefined); `_average` holds the mean. */
  metrics: Record<string, Record<string, number>>;
}

/** One re-evaluation of the seed prompt on the test split (the noise-only control). */
export interface NoiseRepeat extends CriterionScores {
  /** Repeat index, 0-based. */
  repeat: number;
  /** Judge predictions on the test split, in split order. */
  predictions: JudgePrediction[];
  /** True when the judge was the dry-run backend (synthetic scores). */
  dryRun?: boolean;
}

/** Where the oracle combination picks each criterion's best instruction. */
export type OracleSelection = "test" | "validation";

/** One criterion's pick for the oracle combination. */
export interface OraclePick {
  /** Single run the instruction comes from (`null`: no data, the seed was used). */
  runId: string | null;
  /** Step whose post-gate prompt holds the instruction. */
  step: number;
  /** The pick metric's value at that (run, step) on the selection split. */
  score: number;
  /** The picked instruction. */
  instruction: string;
}

/** The oracle combination (paper-method §7.6): per-criterion picks, combined and evaluated. */
export interface OracleCombinationRecord extends CriterionScores {
  /** Gate of the Single runs picked from. */
  gate: string;
  /** Split the picks were made on. */
  selection: OracleSelection;
  /** Metric used to pick (`spearman`, `offByOne`, `mae`). */
  pickMetric: string;
  /** One pick per criterion. */
  picks: Record<string, OraclePick>;
  /** The combined prompt (full output-format block). */
  prompt: PromptState;
  /** Its predictions on the test split, in split order. */
  predictions: JudgePrediction[];
  /** True when the judge was the dry-run backend (synthetic scores). */
  dryRun?: boolean;
}

/** Length of one criterion's instruction at one step of one run, in tokens and more. */
export interface InstructionTokenLength {
  /** Run. */
  runId: string;
  /** Step (post-gate prompt). */
  step: number;
  /** Criterion. */
  criterion: string;
  /** Characters. */
  chars: number;
  /** Whitespace-separated words. */
  words: number;
  /** Tokens under `tokenizer`. */
  tokens: number;
  /** Tokenizer name (`qwen3`, `o200k_base`). */
  tokenizer: string;
}
