/**
 * Evaluating a prompt: run the judge over examples and compute per-criterion metrics with `n`.
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/types.ts";
import type { LlmGateway } from "../llm/types.ts";
import { criterionMetrics } from "../metrics/criterion_metrics.ts";
import type { MetricName } from "../metrics/registry.ts";
import type { MetricResult, UndefinedCorrelation } from "../metrics/types.ts";
import { judgeExamples, type JudgeOptions, type JudgePrediction } from "./predict.ts";
import { promptCriteria, type PromptState } from "./prompt_state.ts";

/** The metrics an evaluation computes by default, in display order. */
export const JUDGE_METRICS: readonly MetricName[] = Object.freeze([
  "spearman",
  "kendall",
  "mae",
  "offByOne",
  "accuracy",
]);

/** Options of {@linkcode evaluatePrompt} and {@linkcode scorePredictions}. */
export interface EvaluateOptions extends JudgeOptions {
  /** Metrics to compute. Default {@linkcode JUDGE_METRICS}. */
  metrics?: readonly MetricName[];
  /**
   * Value of a correlation that is undefined (constant predictions, fewer than 3 pairs):
   * `"nan"` (default) or `"zero"` (the paper's behaviour).
   */
  constantSpearman?: UndefinedCorrelation;
  /**
   * Value of MAE, off-by-one and accuracy over no usable pair: `"nan"` (default) or `"zero"` (the
   * paper's metrics return 0.0 on an empty array, §7.1). Averages over criteria skip `NaN` values,
   * so with `"zero"` an empty criterion enters the average as 0.
   */
  emptyMetrics?: "nan" | "zero";
}

/** Metrics the paper's code sets to 0.0 on an empty array (correlations follow `constantSpearman`). */
const ZERO_ON_EMPTY: ReadonlySet<string> = new Set(["mae", "offByOne", "accuracy"]);

/** The result of evaluating one prompt on a set of examples. */
export interface Evaluation {
  /** One prediction per example, in input order. */
  predictions: JudgePrediction[];
  /** Predictions with at least one missing criterion (after re-asks). */
  parseFailures: number;
  /** `metrics[criterion][metric]`: value with `n` pairs used and `missing` pairs dropped. */
  metrics: Record<string, Record<string, MetricResult>>;
  /** `average[metric]`: mean over criteria of the defined values (`NaN` when none is). */
  average: Record<string, number>;
}

/**
 * Computes an {@linkcode Evaluation} from predictions already made (pure; no LLM calls).
 *
 * @throws {RangeError} When predictions and examples differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scorePredictions } from "./evaluate.ts";
 * const examples = [1, 2, 3].map((v) => ({
 *   id: `e${v}`, itemId: `e${v}`, group: "g", inputs: {}, labels: { fluency: v },
 * }));
 * const predictions = examples.map((e) => ({
 *   exampleId: e.id, scores: { fluency: e.labels.fluency }, literals: {}, raw: "",
 *   attempts: 1, callKey: "", dryRun: true,
 * }));
 * const evaluation = scorePredictions(["fluency"], predictions, examples);
 * assert.ok(evaluation.metrics.fluency.mae.value === 0);
 * assert.ok(evaluation.metrics.fluency.mae.n === 3);
 * ```
 */
export function scorePredictions(
  criteria: readonly string[],
  predictions: JudgePrediction[],
  examples: readonly Example[],
  options: EvaluateOptions = {},
): Evaluation {
  if (predictions.length !== examples.length) {
    throw new RangeError(
      `${predictions.length} predictions for ${examples.length} examples`,
    );
  }
  const predicted: Record<string, (number | null)[]> = {};
  const labels: Record<string, number[]> = {};
  for (const criterion of criteria) {
    predicted[criterion] = predictions.map((p) => p.scores[criterion] ?? null);
    labels[criterion] = examples.map((e) => e.labels[criterion] ?? NaN);
  }
  const report = criterionMetrics(predicted, labels, {
    criteria,
    metrics: options.metrics ?? JUDGE_METRICS,
    constant: options.constantSpearman ?? "nan",
    nanInAverage: "skip",
  });
  const metrics: Record<string, Record<string, MetricResult>> = {};
  for (const criterion of criteria) {
    metrics[criterion] = { ...report.perCriterion[criterion] } as Record<string, MetricResult>;
  }
  const average: Record<string, number> = {};
  for (const [name, value] of Object.entries(report.average)) average[name] = value!.value;
  if (options.emptyMetrics === "zero") {
    for (const name of Object.keys(average).filter((m) => ZERO_ON_EMPTY.has(m))) {
      const values: number[] = [];
      for (const criterion of criteria) {
        const result = metrics[criterion][name];
        if (result && result.n === 0) metrics[criterion][name] = { ...result, value: 0 };
        const value = metrics[criterion][name]?.value;
        if (typeof value === "number" && Number.isFinite(value)) values.push(value);
      }
      average[name] = values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
    }
  }
  return {
    predictions,
    parseFailures: predictions.filter((p) => p.error !== undefined).length,
    metrics,
    average,
  };
}

/**
 * Runs the judge with `prompt` over `examples` (all calls concurrently through the gateway) and
 * computes per-criterion metrics.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { evaluatePrompt } from "./evaluate.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const llm = {
 *   complete: () => Promise.resolve({ text: '{"fluency": 3}', finishReason: "stop", model: "m",
 *     usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false, dryRun: true,
 *     key: "k" }),
 * };
 * const examples = [3, 4].map((v) => ({
 *   id: `e${v}`, itemId: `e${v}`, group: "g", inputs: { text: "t" }, labels: { fluency: v },
 * }));
 * const evaluation = await evaluatePrompt(llm, spec, seedPrompt(spec), examples);
 * assert.ok(evaluation.metrics.fluency.mae.value === 0.5);
 * ```
 */
export async function evaluatePrompt(
  llm: LlmGateway,
  spec: DatasetSpec,
  prompt: PromptState,
  examples: readonly Example[],
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const criteria = options.criteria ?? promptCriteria(spec, prompt);
  const predictions = await judgeExamples(llm, spec, prompt, examples, { ...options, criteria });
  return scorePredictions(criteria, predictions, examples, options);
}
