/**
 * The noise-only control (paper-method §7.3 caveat): the seed prompt re-evaluated N times on the
 * test split, each repeat its own judge sample. Its spread is the judge-sampling noise floor that a
 * trajectory's or an HVI's gain must exceed.
 *
 * @module
 */
import { seedPrompt } from "../judge/mod.ts";
import {
  criterionScores,
  type DiagnosticsEnvironment,
  evaluateForDiagnostics,
} from "./environment.ts";
import type { NoiseRepeat } from "../experiment/diagnostic_rows.ts";

/** Repeats of the noise-only control by default (the paper's 13 evaluations, steps 0–12). */
export const NOISE_REPEATS = 13;

/** Options of {@linkcode runNoiseControl}. */
export interface NoiseControlOptions {
  /** How many repeats the store should hold. Default {@linkcode NOISE_REPEATS}. */
  repeats?: number;
  /** Called after each stored repeat. */
  onRepeat?: (repeat: NoiseRepeat) => void;
}

/**
 * Evaluates the seed prompt (all criteria, output-format block shown) on the test split until the
 * store holds `repeats` repeats; each repeat is stored when done, so a rerun continues.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runNoiseControl } from "./noise_control.ts";
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
 * const repeats = await runNoiseControl(env, { repeats: 2 });
 * assert.ok(repeats.length === 2 && repeats[1].dryRun === true);
 * assert.ok(store.noiseRepeats().length === 2);
 * ```
 */
export async function runNoiseControl(
  env: DiagnosticsEnvironment,
  options: NoiseControlOptions = {},
): Promise<NoiseRepeat[]> {
  const repeats = options.repeats ?? NOISE_REPEATS;
  const stored = new Set(env.store.noiseRepeats().map((r) => r.repeat));
  const prompt = seedPrompt(env.spec);
  for (let repeat = 0; repeat < repeats; repeat++) {
    if (stored.has(repeat)) continue;
    const evaluation = await evaluateForDiagnostics(env, prompt, "test", {
      draw: `noise/${repeat}`,
      label: `noise control repeat ${repeat}`,
    });
    const record: NoiseRepeat = {
      repeat,
      ...criterionScores(evaluation),
      predictions: evaluation.predictions,
      dryRun: evaluation.predictions.some((p) => p.dryRun),
    };
    env.store.saveNoiseRepeat(record);
    options.onRepeat?.(record);
  }
  return env.store.noiseRepeats().filter((r) => r.repeat < repeats);
}
