/**
 * Profiles: the paper's behavioural quirks (paper-method §12–13) as named flags.
 *
 * @module
 */
import type { JudgeStrategy } from "../judge/predict.ts";

/** Each flag turns on one behaviour of the paper's code that the kit otherwise fixes. */
export interface Quirks {
  /** The optimizer's candidate drops the output-format block (gone after the first accepted update). */
  dropOutputFormatAfterUpdate: boolean;
  /** Criteria missing from the optimizer's answer (or an empty S answer) revert to the seed instruction. */
  seedFallbackForMissingTasks: boolean;
  /** In SCC/CCC the combined gradients are repeated under every criterion header of the optimizer's feedback. */
  repeatCombinedGradientsPerTask: boolean;
  /** In CCC the combined critique is labelled with the first criterion's name in the gradient prompt. */
  cccFirstTaskLabel: boolean;
  /** The loss compares prediction and label as strings (`4.0` ≠ `4`). */
  stringEqualityCorrectness: boolean;
  /** Training batches are seeded by the step only (numpy permutation), so all runs share batches. */
  batchesSeededByStepOnly: boolean;
  /** The validation sample is drawn from the training rows that batches are drawn from too. */
  validationOverlapsTraining: boolean;
  /** The gate caches the incumbent's validation score and never re-evaluates it. */
  incumbentNeverReevaluated: boolean;
  /** Spearman (and Kendall) are 0, not NaN, on constant predictions or fewer than 3 pairs. */
  spearmanZeroOnConstant: boolean;
  /** Every call (judge, loss, gradient, optimizer, OPRO) is one user message, with no system message. */
  singleUserMessage: boolean;
  /** The judge parser keeps numeric scores outside the criterion's scale instead of dropping them. */
  scoreOffScaleValues: boolean;
  /**
   * On validation and test only unparseable judge answers count toward `parseFailureTolerance`
   * (a missing key is dropped, as the paper's evaluation does); the training batch counts every
   * incomplete answer (the paper's loss stage aborts on a missing key).
   */
  evaluationCountsOnlyUnparseable: boolean;
  /** A re-ask sends the same prompt again (a new sample) instead of extending the conversation. */
  reaskResendsSamePrompt: boolean;
  /** MAE, off-by-one and accuracy over an empty set of pairs are 0, not NaN. */
  zeroOnEmptyMetrics: boolean;
  /** OPRO: an experiment runs OPRO without the validation gate (every gate becomes `none`). */
  oproWithoutGate: boolean;
  /** OPRO: the exemplars are drawn without excluding the scoring subset's rows. */
  oproExemplarsOverlapSubset: boolean;
  /** OPRO: the trajectory keeps repeated instruction sets as separate entries. */
  oproTrajectoryKeepsDuplicates: boolean;
}

/** A named set of quirks plus the re-ask policies that go with it. Every run records its profile. */
export interface Profile {
  /** `paper`, `default`, or a custom name. */
  name: string;
  /** The quirk flags. */
  quirks: Quirks;
  /** Re-asks of the judge after an unusable answer (paper: 0). */
  judgeReask: number;
  /** Re-asks of the C optimizer after an answer with no usable instruction. */
  optimizerReask: number;
  /**
   * A run stops when the judge's parse failures in one judged set (training batch, validation,
   * test) reach this fraction of it (paper: 0.05, so one failure in a batch of 3 aborts).
   */
  parseFailureTolerance: number;
  /**
   * When true, judge calls with identical inputs in one evaluation share one sample (a deliberate
   * saving: a summary rated by two experts is judged once). Default false: every row is its own
   * sample, as in the paper. Recorded in the manifest.
   */
  shareIdenticalJudgeInputs: boolean;
  /**
   * How the judge asks for scores: `off` (free text, parsed tolerantly; the paper) or
   * `json_schema` (constrained decoding where the endpoint supports it). Absent means `off`.
   */
  judgeStructuredOutput?: "off" | "json_schema";
  /**
   * How every judge call asks for the criteria (`joint`, the paper, when absent); set by the
   * per-criterion and field-masked judging mitigations.
   */
  judgeStrategy?: JudgeStrategy;
}

/** What each quirk changes, for tables in the README and the notebook. */
export const QUIRK_DESCRIPTIONS: Readonly<Record<keyof Quirks, string>> = Object.freeze({
  dropOutputFormatAfterUpdate:
    "candidate prompts lose the output-format block, so it vanishes at the first accepted update",
  seedFallbackForMissingTasks:
    "criteria missing from the optimizer's answer revert to the seed instead of keeping the current instruction",
  repeatCombinedGradientsPerTask:
    "SCC/CCC: the combined gradients are listed again under every criterion header",
  cccFirstTaskLabel:
    "CCC: the combined critique is labelled 'Feedback for <first criterion>' in the gradient prompt",
  stringEqualityCorrectness:
    "the loss marks 4.0 vs 4 INCORRECT (difference 0.00): prediction and label compared as strings",
  batchesSeededByStepOnly:
    "batch of step s = head of numpy permutation(s): every run sees the same batches",
  validationOverlapsTraining:
    "validation rows stay in the training pool, so a batch can contain validation rows",
  incumbentNeverReevaluated:
    "the gate scores the incumbent once and compares later candidates against that cached score",
  spearmanZeroOnConstant:
    "an undefined correlation (constant predictions, < 3 pairs) counts as 0 instead of NaN",
  singleUserMessage: "every call is sent as one user message (no system message)",
  scoreOffScaleValues: "a judge score outside the scale (e.g. 7 on 1–5) is scored, not dropped",
  evaluationCountsOnlyUnparseable:
    "validation and test count only unparseable answers toward the parse-failure tolerance (missing keys dropped)",
  reaskResendsSamePrompt:
    "a re-ask of the C optimizer resends the same prompt instead of extending the conversation",
  zeroOnEmptyMetrics: "MAE, off-by-one and accuracy over no usable pair are 0 instead of NaN",
  oproWithoutGate: "OPRO runs without the validation gate: every gate of an OPRO grid becomes none",
  oproExemplarsOverlapSubset: "OPRO's exemplars may repeat rows of the scoring subset",
  oproTrajectoryKeepsDuplicates: "OPRO's top-20 trajectory keeps repeated instruction sets",
});

const ALL_ON: Quirks = {
  dropOutputFormatAfterUpdate: true,
  seedFallbackForMissingTasks: true,
  repeatCombinedGradientsPerTask: true,
  cccFirstTaskLabel: true,
  stringEqualityCorrectness: true,
  batchesSeededByStepOnly: true,
  validationOverlapsTraining: true,
  incumbentNeverReevaluated: true,
  spearmanZeroOnConstant: true,
  singleUserMessage: true,
  scoreOffScaleValues: true,
  evaluationCountsOnlyUnparseable: true,
  reaskResendsSamePrompt: true,
  zeroOnEmptyMetrics: true,
  oproWithoutGate: true,
  oproExemplarsOverlapSubset: true,
  oproTrajectoryKeepsDuplicates: true,
};

const ALL_OFF: Quirks = Object.fromEntries(
  Object.keys(ALL_ON).map((key) => [key, false]),
) as unknown as Quirks;

/** Paper-compatible profile: every quirk on, no judge re-asks (paper-method §3.3). */
export const PAPER_PROFILE: Profile = Object.freeze({
  name: "paper",
  quirks: Object.freeze({ ...ALL_ON }),
  judgeReask: 0,
  optimizerReask: 2,
  parseFailureTolerance: 0.05,
  shareIdenticalJudgeInputs: false,
});

/** The kit's default profile: every quirk fixed, judge re-asked up to twice. */
export const DEFAULT_PROFILE: Profile = Object.freeze({
  name: "default",
  quirks: Object.freeze({ ...ALL_OFF }),
  judgeReask: 2,
  optimizerReask: 2,
  parseFailureTolerance: 0.5,
  shareIdenticalJudgeInputs: false,
});

/**
 * A profile derived from `base` with some quirks overridden (for ablations of one quirk).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_PROFILE, withQuirks } from "./profile.ts";
 * const profile = withQuirks(DEFAULT_PROFILE, { spearmanZeroOnConstant: true });
 * assert.ok(profile.quirks.spearmanZeroOnConstant && profile.name === "default+spearmanZeroOnConstant");
 * ```
 */
export function withQuirks(base: Profile, overrides: Partial<Quirks>, name?: string): Profile {
  const changed = Object.keys(overrides).filter((key) =>
    overrides[key as keyof Quirks] !== base.quirks[key as keyof Quirks]
  );
  return {
    ...base,
    name: name ?? [base.name, ...changed].join("+"),
    quirks: { ...base.quirks, ...overrides },
  };
}
