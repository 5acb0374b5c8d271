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
});

/** The kit's default profile: every quirk fixed, judge re-asked up to twice. */
export const DEFAULT_PROFILE: Profile = Object.freeze({
  name: "default",
  quirks: Object.freeze({ ...ALL_OFF }),
  judgeReask: 2,
  optimizerReask: 2,
  parseFailureTolerance: 0.5,
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
