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
import type { NoiseRepeat } from "./types.ts";

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
 * assert.ok(typeof runNoiseControl === "function");
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
