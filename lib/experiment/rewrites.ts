/**
 * The optimizer's rewrites of each criterion's instruction, step by step: what the diagnostics
 * (gradient specificity, feedback adherence) rate per (run, step, criterion).
 *
 * @module
 */
import type { ExperimentStore } from "./store.ts";

/** One criterion's instruction before and after one step's rewrite. */
export interface InstructionRewrite {
  /** Step that proposed the rewrite (≥ 1). */
  step: number;
  /** Criterion. */
  criterion: string;
  /** The current instruction the step started from. */
  before: string;
  /** The optimizer's proposal. */
  after: string;
  /** Whether the gate accepted the step's candidate. */
  accepted: boolean;
}

/**
 * Every rewrite of a run, in step then criterion order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "./store.ts";
 * import { instructionRewrites } from "./rewrites.ts";
 * const store = ExperimentStore.open(":memory:");
 * assert.ok(instructionRewrites(store, "textgrad/SSS/mae/r1").length === 0);
 * store.close();
 * ```
 */
export function instructionRewrites(store: ExperimentStore, runId: string): InstructionRewrite[] {
  const steps = store.steps(runId);
  const rewrites: InstructionRewrite[] = [];
  for (let i = 1; i < steps.length; i++) {
    const { step, candidate, accepted } = steps[i];
    if (candidate === null || steps[i - 1].step !== step - 1) continue;
    for (const [criterion, after] of Object.entries(candidate.instructions)) {
      const before = steps[i - 1].prompt.instructions[criterion] ?? "";
      rewrites.push({ step, criterion, before, after, accepted: accepted === true });
    }
  }
  return rewrites;
}
