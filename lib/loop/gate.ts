/**
 * The validation gate (paper-method §4.7): accept a candidate prompt when its validation score is
 * not worse than the incumbent's.
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/types.ts";
import { evaluatePrompt, type Evaluation } from "../judge/evaluate.ts";
import type { PromptState } from "../judge/prompt_state.ts";
import type { LlmGateway } from "../llm/types.ts";
import type { MetricName } from "../metrics/registry.ts";
import { evaluationOptions } from "./policy.ts";
import type { Profile } from "./profile.ts";

/** What the gate compares: a metric, or `none` (always accept). */
export type GateMetric = "none" | "mae" | "spearman" | "off-by-one";

/** Gate metrics with the evaluation metric behind each and its sign (higher is better after it). */
export const GATE_METRICS: Readonly<
  Record<Exclude<GateMetric, "none">, { metric: MetricName; sign: 1 | -1 }>
> = Object.freeze({
  mae: { metric: "mae", sign: -1 },
  spearman: { metric: "spearman", sign: 1 },
  "off-by-one": { metric: "offByOne", sign: 1 },
});

/**
 * Whether `text` names a gate metric (for validating CLI flags and config files).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGateMetric } from "./gate.ts";
 * assert.ok(isGateMetric("mae") && !isGateMetric("accuracy"));
 * ```
 */
export function isGateMetric(text: string): text is GateMetric {
  return text === "none" || Object.hasOwn(GATE_METRICS, text);
}

/** The gate's memory between steps (persisted by the store). */
export interface GateState {
  /** Validation score of the incumbent, when measured. */
  incumbentScore?: number;
}

/** One gate decision. */
export interface GateDecision {
  /** The metric compared. */
  metric: GateMetric;
  /** Whether the candidate replaces the incumbent. */
  accepted: boolean;
  /** True when the gate is off (`none`): accepted without evaluation. */
  skipped: boolean;
  /** Incumbent's score (higher is better; MAE negated). */
  incumbentScore?: number;
  /** Candidate's score (higher is better; MAE negated). */
  candidateScore?: number;
  /** Whether the incumbent was evaluated in this decision (not taken from the cache). */
  reevaluated: boolean;
  /** Validation examples used. */
  n: number;
  /**
   * Prompts whose validation score could not be measured (no criterion had a defined value, e.g.
   * no judge answer parsed). An unmeasured candidate is always rejected.
   */
  unmeasured?: ("incumbent" | "candidate")[];
}

/** Options of {@linkcode runGate}. */
export interface GateOptions {
  /** Metric to compare on. */
  metric: GateMetric;
  /** The current prompt. */
  incumbent: PromptState;
  /** The proposed prompt. */
  candidate: PromptState;
  /** The fixed validation sample. */
  validation: readonly Example[];
  /** The gate's memory from the previous step. */
  state: GateState;
  /** Quirks (`incumbentNeverReevaluated`, `spearmanZeroOnConstant`) and the judge's re-asks. */
  profile: Profile;
  /** Criteria scored. */
  criteria: string[];
  /** Base draw key of the step, `r<run>/s<step>`; the gate appends `/val-incumbent`, `/val-candidate`. */
  draw: string;
  /**
   * Use `draw` as it is for both prompts (reuse of evaluations: an unchanged prompt is then the
   * same request as before, answered once). Default false: two independent samples.
   */
  shareDraw?: boolean;
  /** Prefix of call labels, e.g. `run 1 step 3`. */
  label?: string;
  /** Cancels the calls. */
  signal?: AbortSignal;
}

/** The gate's validation evaluations, by prompt. */
export interface GateEvaluations {
  /** The incumbent's evaluation; absent when its cached score was used (or the gate is `none`). */
  incumbent?: Evaluation;
  /** The candidate's evaluation; absent only when the gate is `none`. */
  candidate?: Evaluation;
}

/** What {@linkcode runGate} returns. */
export interface GateOutcome {
  /** The decision. */
  decision: GateDecision;
  /** The gate's memory for the next step. */
  state: GateState;
  /** Evaluations made, by prompt. */
  evaluations: GateEvaluations;
}

/**
 * The gate score of an evaluation: the mean over criteria of the metric oriented so that higher is
 * better (MAE negated); criteria without a usable pair and undefined (`NaN`) values are skipped;
 * `-Infinity` when none is defined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gateScore } from "./gate.ts";
 * const metrics = { a: { mae: { value: 0.5, n: 3, missing: 0 } }, b: { mae: { value: 1.5, n: 3, missing: 0 } } };
 * assert.ok(gateScore({ predictions: [], parseFailures: 0, metrics, average: {} }, "mae", ["a", "b"]) === -1);
 * ```
 */
export function gateScore(
  evaluation: Evaluation,
  metric: Exclude<GateMetric, "none">,
  criteria: readonly string[],
): number {
  const { metric: name, sign } = GATE_METRICS[metric];
  // A criterion without a usable pair has no data (even where the paper's MAE reads 0 on it).
  const values = criteria
    .map((c) => evaluation.metrics[c]?.[name])
    .filter((r) => r !== undefined && r.n > 0)
    .map((r) => r!.value)
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (values.length === 0) return -Infinity;
  return sign * values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Runs the gate. `none` accepts without calls. Otherwise the candidate is evaluated on the
 * validation sample, and the incumbent too unless its cached score may be reused
 * (`incumbentNeverReevaluated` and a measured score in `state`); the candidate is accepted when its
 * score is not below the incumbent's (ties accepted). A candidate without a measurable score is
 * rejected; an incumbent without one is re-measured, and a measured candidate beats an incumbent
 * that still cannot be measured. Unmeasured prompts are named in `decision.unmeasured`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runGate } from "./gate.ts";
 * import { DEFAULT_PROFILE } from "./profile.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * import { seedPrompt } from "../judge/prompt_state.ts";
 * const llm = { complete: () => Promise.reject(new Error("no calls")) };
 * const prompt = seedPrompt(SUMMEVAL_SPEC);
 * const { decision } = await runGate(llm, SUMMEVAL_SPEC, { metric: "none", incumbent: prompt,
 *   candidate: prompt, validation: [], state: {}, profile: DEFAULT_PROFILE,
 *   criteria: ["fluency"], draw: "r1/s1" });
 * assert.ok(decision.accepted && decision.skipped);
 * ```
 */
export async function runGate(
  llm: LlmGateway,
  spec: DatasetSpec,
  options: GateOptions,
): Promise<GateOutcome> {
  const { metric, state, profile } = options;
  if (metric === "none") {
    return {
      decision: { metric, accepted: true, skipped: true, reevaluated: false, n: 0 },
      state: { ...state },
      evaluations: {},
    };
  }
  const evaluate = (prompt: PromptState, purpose: string) =>
    evaluatePrompt(llm, spec, prompt, options.validation, {
      criteria: options.criteria,
      draw: options.shareDraw ? options.draw : `${options.draw}/${purpose}`,
      ...evaluationOptions(profile),
      label: `${options.label ?? options.draw} ${purpose}`,
      signal: options.signal,
    });
  // A score restored from JSON may be null (JSON has no -Infinity): treat it as unmeasured, and
  // re-measure an unmeasured incumbent rather than compare with it.
  const stored = Number.isFinite(state.incumbentScore) ? state.incumbentScore : undefined;
  const cached = profile.quirks.incumbentNeverReevaluated ? stored : undefined;
  const [incumbentEvaluation, candidateEvaluation] = await Promise.all([
    cached === undefined ? evaluate(options.incumbent, "val-incumbent") : undefined,
    evaluate(options.candidate, "val-candidate"),
  ]);
  const incumbentScore = incumbentEvaluation
    ? gateScore(incumbentEvaluation, metric, options.criteria)
    : cached!;
  const candidateScore = gateScore(candidateEvaluation, metric, options.criteria);
  const unmeasured = unmeasuredOf(incumbentScore, candidateScore);
  const accepted = Number.isFinite(candidateScore) &&
    (!Number.isFinite(incumbentScore) || candidateScore >= incumbentScore);
  return {
    decision: {
      metric,
      accepted,
      skipped: false,
      incumbentScore,
      candidateScore,
      reevaluated: incumbentEvaluation !== undefined,
      n: options.validation.length,
      ...(unmeasured.length > 0 ? { unmeasured } : {}),
    },
    state: { ...state, incumbentScore: accepted ? candidateScore : incumbentScore },
    evaluations: { incumbent: incumbentEvaluation, candidate: candidateEvaluation },
  };
}

function unmeasuredOf(incumbent: number, candidate: number): ("incumbent" | "candidate")[] {
  const names: ("incumbent" | "candidate")[] = [];
  if (!Number.isFinite(incumbent)) names.push("incumbent");
  if (!Number.isFinite(candidate)) names.push("candidate");
  return names;
}
