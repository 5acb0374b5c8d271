/**
 * What the diagnostic runners that call the judge (noise control, oracle combination) need: the
 * LLM layer, the store, the dataset spec and splits, and the profile the experiment ran with.
 *
 * @module
 */
import type { DatasetSpec } from "../data/types.ts";
import type { ExperimentSplits } from "../experiment/run.ts";
import type { ExperimentStore } from "../experiment/store.ts";
import { evaluatePrompt, type Evaluation, type PromptState } from "../judge/mod.ts";
import type { LlmGateway } from "../llm/types.ts";
import { evaluationOptions } from "../loop/policy.ts";
import type { Profile } from "../loop/profile.ts";
import type { CriterionScores } from "../experiment/diagnostic_rows.ts";

/** Inputs of the diagnostic runners that evaluate prompts. */
export interface DiagnosticsEnvironment {
  /** The LLM layer (its call cache makes the runners resumable). */
  llm: LlmGateway;
  /** The experiment's store; results are written to it. */
  store: ExperimentStore;
  /** The dataset description. */
  spec: DatasetSpec;
  /** The experiment's splits (the same rows the runs used). */
  splits: ExperimentSplits;
  /** The experiment's profile (judge re-asks, undefined-correlation rule). */
  profile: Profile;
  /** Cancels the remaining calls. */
  signal?: AbortSignal;
}

/**
 * Evaluates `prompt` on `split` the way the experiment's runs do (same re-asks and
 * undefined-correlation rule), with its own `draw` so repeats are independent samples.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { evaluateForDiagnostics } from "./environment.ts";
 * import { seedPrompt } from "../judge/mod.ts";
 * import { ExperimentStore } from "../experiment/store.ts";
 * import { createDryRunLlm } from "../llm/llm.ts";
 * import { DEFAULT_PROFILE } from "../loop/profile.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate from {min} to {max}.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const rows = [1, 2, 3, 4].map((v) => ({
 *   id: `e${v}`, itemId: `e${v}`, group: "g", inputs: { text: "t" }, labels: { fluency: v },
 * }));
 * const store = ExperimentStore.open(":memory:");
 * const splits = { train: rows, validation: rows, test: rows };
 * const env = { llm: createDryRunLlm(), store, spec, splits, profile: DEFAULT_PROFILE };
 * const evaluation = await evaluateForDiagnostics(env, seedPrompt(spec), "test", {
 *   draw: "example", label: "example",
 * });
 * assert.ok(evaluation.predictions.length === 4 && evaluation.metrics.fluency.mae.n === 4);
 * ```
 */
export function evaluateForDiagnostics(
  env: DiagnosticsEnvironment,
  prompt: PromptState,
  split: "test" | "validation",
  options: { draw: string; label: string; criteria?: string[] },
): Promise<Evaluation> {
  return evaluatePrompt(env.llm, env.spec, prompt, env.splits[split], {
    criteria: options.criteria,
    draw: options.draw,
    label: options.label,
    // The profile's judge: layout, re-asks, off-scale scores, per-row samples, abort rule.
    ...evaluationOptions(env.profile),
    signal: env.signal,
  });
}

/**
 * An evaluation's metric values as stored by the diagnostics: `metrics[criterion][metric]`, with
 * the averages under `_average`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { criterionScores } from "./environment.ts";
 * const scores = criterionScores({
 *   predictions: [], parseFailures: 0, average: { mae: 0.5 },
 *   metrics: { fluency: { mae: { value: 0.5, n: 3, missing: 0 } } },
 * });
 * assert.deepEqual(scores.metrics, { fluency: { mae: 0.5 }, _average: { mae: 0.5 } });
 * ```
 */
export function criterionScores(evaluation: Evaluation): CriterionScores {
  const metrics: Record<string, Record<string, number>> = {};
  for (const [criterion, values] of Object.entries(evaluation.metrics)) {
    metrics[criterion] = Object.fromEntries(Object.entries(values).map(([m, r]) => [m, r.value]));
  }
  metrics._average = { ...evaluation.average };
  return { metrics };
}
