/**
 * The units the diagnostic raters rate (paper-method §7.4, §7.5): every (run, step ≥ 1, criterion)
 * of every run that stored gradients, including Single runs, with the prompt each rater is sent.
 *
 * @module
 */
import type { ExperimentStore } from "../experiment/store.ts";
import type { OutputHint } from "../llm/types.ts";
import { adherencePrompt, specificityPrompt } from "../loop/rater_prompts.ts";
import type { RatingKind } from "../experiment/diagnostic_rows.ts";

/** One rater call to make. */
export interface RatingUnit {
  /** Run. */
  runId: string;
  /** Step (≥ 1). */
  step: number;
  /** Target criterion. */
  criterion: string;
  /** Which rater. */
  kind: RatingKind;
  /** The rater prompt. */
  prompt: string;
  /** What the rating is about (lets the dry-run backend answer in a text-dependent way). */
  basis: Extract<OutputHint, { kind: "rating" }>["basis"];
}

/** Options of {@linkcode ratingUnits}. */
export interface RatingUnitsOptions {
  /** Raters to make units for. Default both. */
  kinds?: readonly RatingKind[];
  /** Only these runs. Default every run of the store. */
  runIds?: readonly string[];
}

/**
 * The criteria of an experiment: the instructions of every run's step-0 prompt, in order of first
 * appearance (a store of Single runs only still yields every criterion it optimized).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../experiment/store.ts";
 * import { experimentCriteria } from "./rating_units.ts";
 * assert.deepEqual(experimentCriteria(ExperimentStore.open(":memory:")), []);
 * ```
 */
export function experimentCriteria(store: ExperimentStore): string[] {
  const criteria: string[] = [];
  for (const run of store.runs()) {
    const first = store.steps(run.runId)[0];
    for (const name of Object.keys(first?.prompt.instructions ?? {})) {
      if (!criteria.includes(name)) criteria.push(name);
    }
  }
  return criteria;
}

/**
 * Every rating unit of the store. Specificity: the text rated is every gradient stored for the
 * criterion at that step, joined with blank lines (in C-gradient modes the same combined text for
 * each criterion). Adherence: the incumbent instruction (the previous step's post-gate prompt), the
 * step's candidate (rejected candidates too) and the same gradient text. Units without a gradient
 * (step 0, OPRO runs) or without a candidate are left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../experiment/store.ts";
 * import { ratingUnits } from "./rating_units.ts";
 * assert.deepEqual(ratingUnits(ExperimentStore.open(":memory:")), []);
 * ```
 */
export function ratingUnits(
  store: ExperimentStore,
  options: RatingUnitsOptions = {},
): RatingUnit[] {
  const kinds = options.kinds ?? ["specificity", "adherence"];
  const allCriteria = experimentCriteria(store);
  const units: RatingUnit[] = [];
  for (const run of store.runs()) {
    if (options.runIds && !options.runIds.includes(run.runId)) continue;
    const steps = store.steps(run.runId);
    for (const current of steps) {
      if (current.step < 1) continue;
      const gradients = store.stageRecords(run.runId, current.step, "gradient");
      const previous = steps.find((s) => s.step === current.step - 1);
      for (const criterion of Object.keys(current.prompt.instructions)) {
        const gradient = gradients.filter((g) => g.criteria.includes(criterion))
          .map((g) => g.text).join("\n\n");
        if (gradient === "") continue;
        const unit = { runId: run.runId, step: current.step, criterion };
        if (kinds.includes("specificity")) {
          units.push({
            ...unit,
            kind: "specificity",
            prompt: specificityPrompt({ target: criterion, criteria: allCriteria, gradient }),
            basis: { kind: "focus", text: gradient, target: criterion, criteria: allCriteria },
          });
        }
        const oldInstruction = previous?.prompt.instructions[criterion];
        const newInstruction = current.candidate?.instructions[criterion];
        if (kinds.includes("adherence") && oldInstruction !== undefined && newInstruction) {
          units.push({
            ...unit,
            kind: "adherence",
            prompt: adherencePrompt({ criterion, oldInstruction, newInstruction, gradient }),
            basis: { kind: "overlap", text: newInstruction, reference: gradient },
          });
        }
      }
    }
  }
  return units;
}
