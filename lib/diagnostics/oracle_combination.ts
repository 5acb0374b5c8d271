/**
 * The oracle combination (paper-method §7.6, the interference test): for each criterion, the best
 * instruction any Single run reached; the picks packed into one multi-task prompt (with the full
 * output-format block) and evaluated on the test split.
 *
 * @module
 */
import { type PromptState, seedPrompt } from "../judge/mod.ts";
import {
  criterionScores,
  type DiagnosticsEnvironment,
  evaluateForDiagnostics,
} from "./environment.ts";
import type {
  OracleCombinationRecord,
  OraclePick,
  OracleSelection,
} from "../experiment/diagnostic_rows.ts";

/** Metrics an oracle pick can maximise (`spearman`, `offByOne`) or minimise (`mae`). */
export type OraclePickMetric = "spearman" | "offByOne" | "mae";

/** Split name under which the post-gate prompts' validation evaluations are stored. */
export const VALIDATION_POST_GATE_SPLIT = "val-post";

/** Options of {@linkcode runOracleCombination}. */
export interface OracleOptions {
  /** `"validation"` (default: free of selection bias) or `"test"` (the paper's oracle selection). */
  selection?: OracleSelection;
  /** Pick metric. Default `spearman`. */
  pickMetric?: OraclePickMetric;
  /** Gates to combine for. Default: every gate of the store's Single runs. */
  gates?: string[];
  /** Called after each stored combination. */
  onCombination?: (record: OracleCombinationRecord) => void;
}

/**
 * Picks, combines, evaluates and stores the oracle combination of each gate. Ties go to the first
 * (run, step) found scanning runs 1→N and steps 0→last; a criterion without Single data keeps its
 * seed instruction (`runId: null`). With `selection: "validation"` every post-gate prompt that has
 * no validation evaluation yet is evaluated on the validation rows first (stored under
 * {@linkcode VALIDATION_POST_GATE_SPLIT}). A combination already stored is not recomputed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runOracleCombination } from "./oracle_combination.ts";
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
 * // Without Single runs the seed instructions are combined, for the gates asked for.
 * const [record] = await runOracleCombination(env, { gates: ["none"], selection: "test" });
 * assert.ok(record.picks.fluency.runId === null);
 * assert.ok(record.prompt.instructions.fluency === "Rate from 1 to 5.");
 * ```
 */
export async function runOracleCombination(
  env: DiagnosticsEnvironment,
  options: OracleOptions = {},
): Promise<OracleCombinationRecord[]> {
  const selection = options.selection ?? "validation";
  const pickMetric = options.pickMetric ?? "spearman";
  const singles = env.store.runs().filter((r) => r.mode === "Single" && r.criterion !== null);
  const gates = options.gates ?? [...new Set(singles.map((r) => r.gate))].sort();
  const done = (gate: string) =>
    env.store.oracleCombinations().find((r) =>
      r.gate === gate && r.selection === selection && r.pickMetric === pickMetric
    );
  const results: OracleCombinationRecord[] = [];
  for (const gate of gates) {
    const existing = done(gate);
    if (existing) {
      results.push(existing);
      continue;
    }
    const runs = singles.filter((r) => r.gate === gate).sort((a, b) => a.run - b.run);
    if (selection === "validation") await evaluatePostGatePrompts(env, runs);
    const seed = seedPrompt(env.spec);
    const picks: Record<string, OraclePick> = {};
    for (const criterion of Object.keys(seed.instructions)) {
      const pool = runs.filter((r) => r.criterion === criterion).map((r) => r.runId);
      picks[criterion] = pickInstruction(env, pool, criterion, selection, pickMetric) ??
        { runId: null, step: 0, score: NaN, instruction: seed.instructions[criterion] };
    }
    const prompt: PromptState = {
      instructions: Object.fromEntries(Object.entries(picks).map(([c, p]) => [c, p.instruction])),
      showOutputFormat: true,
    };
    const evaluation = await evaluateForDiagnostics(env, prompt, "test", {
      draw: `oracle/${gate}/${selection}/${pickMetric}`,
      label: `oracle combination gate ${gate} (${selection}, ${pickMetric})`,
    });
    const record: OracleCombinationRecord = {
      gate,
      selection,
      pickMetric,
      picks,
      prompt,
      ...criterionScores(evaluation),
      predictions: evaluation.predictions,
      dryRun: evaluation.predictions.some((p) => p.dryRun),
    };
    env.store.saveOracleCombination(record);
    options.onCombination?.(record);
    results.push(record);
  }
  return results;
}

/**
 * The best (run, step) of `runIds` for `criterion` by `metric` on the selection split, or `null`
 * when no step has a defined value. Strict comparison: ties keep the first found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../experiment/store.ts";
 * import { pickInstruction } from "./oracle_combination.ts";
 * const store = ExperimentStore.open(":memory:");
 * assert.ok(pickInstruction({ store }, [], "fluency", "test", "spearman") === null);
 * ```
 */
export function pickInstruction(
  env: Pick<DiagnosticsEnvironment, "store">,
  runIds: readonly string[],
  criterion: string,
  selection: OracleSelection,
  metric: OraclePickMetric,
): OraclePick | null {
  const split = selection === "test" ? "test" : VALIDATION_POST_GATE_SPLIT;
  const better = metric === "mae"
    ? (a: number, b: number) => a < b
    : (a: number, b: number) => a > b;
  let best: OraclePick | null = null;
  for (const runId of runIds) {
    const values = env.store.stepMetrics(runId, { split })
      .filter((m) => m.criterion === criterion && m.metric === metric);
    for (const step of env.store.steps(runId)) {
      const score = values.find((m) => m.step === step.step)?.value ?? NaN;
      if (!Number.isFinite(score) || (best !== null && !better(score, best.score))) continue;
      const instruction = step.prompt.instructions[criterion];
      if (instruction !== undefined) best = { runId, step: step.step, score, instruction };
    }
  }
  return best;
}

/** Evaluates on the validation rows every post-gate prompt of `runs` that has no such evaluation. */
async function evaluatePostGatePrompts(
  env: DiagnosticsEnvironment,
  runs: { runId: string; criterion: string | null }[],
): Promise<void> {
  for (const run of runs) {
    const evaluated = new Set(
      env.store.stepMetrics(run.runId, { split: VALIDATION_POST_GATE_SPLIT }).map((m) => m.step),
    );
    const byPrompt = new Map<string, number>();
    for (const step of env.store.steps(run.runId)) {
      const key = JSON.stringify(step.prompt.instructions);
      if (evaluated.has(step.step)) {
        byPrompt.set(key, step.step);
        continue;
      }
      // An unchanged prompt (a rejected candidate) reuses the evaluation of its first step.
      const same = byPrompt.get(key);
      const evaluation = same !== undefined
        ? reread(env, run.runId, same)
        : await evaluateForDiagnostics(env, step.prompt, "validation", {
          criteria: run.criterion === null ? undefined : [run.criterion],
          draw: `oracle-val/${run.runId}/${step.step}`,
          label: `oracle selection ${run.runId} step ${step.step} validation`,
        });
      env.store.saveEvaluation(run.runId, step.step, VALIDATION_POST_GATE_SPLIT, evaluation);
      byPrompt.set(key, same ?? step.step);
      evaluated.add(step.step);
    }
  }
}

/** A stored validation evaluation read back as an `Evaluation`. */
function reread(env: DiagnosticsEnvironment, runId: string, step: number) {
  const metrics: Record<string, Record<string, { value: number; n: number; missing: number }>> = {};
  const average: Record<string, number> = {};
  for (const m of env.store.stepMetrics(runId, { split: VALIDATION_POST_GATE_SPLIT })) {
    if (m.step !== step) continue;
    if (m.criterion === "_average") average[m.metric] = m.value;
    else (metrics[m.criterion] ??= {})[m.metric] = { value: m.value, n: m.n, missing: m.missing };
  }
  const predictions = env.store.predictions(runId, step, VALIDATION_POST_GATE_SPLIT);
  const parseFailures = predictions.filter((p) => Object.values(p.scores).some((s) => s === null))
    .length;
  return { predictions, parseFailures, metrics, average };
}
