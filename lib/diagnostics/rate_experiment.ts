/**
 * Runs the diagnostic raters over an experiment store: one `rater` call per unit, through the call
 * cache and the LLM layer's scheduler. Each rating is stored the moment it arrives, and units
 * already stored are skipped, so a killed process resumes where it stopped and a second pass makes
 * no calls.
 *
 * @module
 */
import { withRunId } from "../experiment/call_log.ts";
import type { ExperimentStore } from "../experiment/store.ts";
import { LengthError } from "../llm/errors.ts";
import type { ChatRequest, LlmGateway } from "../llm/types.ts";
import { parseRating, RATING_SCALE } from "../loop/rater_prompts.ts";
import { type RatingUnit, ratingUnits } from "./rating_units.ts";
import type { RatingKind, RatingRow } from "../experiment/diagnostic_rows.ts";

/** Options of {@linkcode rateExperiment}. */
export interface RateExperimentOptions {
  /** Raters to run. Default both. */
  kinds?: readonly RatingKind[];
  /** Only these runs. Default all. */
  runIds?: readonly string[];
  /** Rater calls in flight at once (the endpoint's own limits still apply). Default 8. */
  concurrency?: number;
  /** Cancels the remaining calls (ratings already stored stay). */
  signal?: AbortSignal;
  /** Called after each stored rating. */
  onRating?: (row: RatingRow, done: number, total: number) => void;
}

/** What {@linkcode rateExperiment} did. */
export interface RateOutcome {
  /** Units of the store (for the chosen kinds and runs). */
  units: number;
  /** Units rated in this pass. */
  rated: number;
  /** Units already stored before this pass (skipped). */
  skipped: number;
  /** Ratings of this pass that were unparseable or out of range (stored as `null`, excluded). */
  invalid: number;
  /** True when any rating of this pass came from the dry-run backend. */
  dryRun: boolean;
}

/**
 * Rates every unit of the store that has no rating yet (gradient specificity and/or feedback
 * adherence) with the `rater` role, storing each rating as it arrives.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../experiment/store.ts";
 * import { createDryRunLlm } from "../llm/llm.ts";
 * import { rateExperiment } from "./rate_experiment.ts";
 * const store = ExperimentStore.open(":memory:");
 * const outcome = await rateExperiment(store, createDryRunLlm());
 * assert.ok(outcome.units === 0 && outcome.rated === 0);
 * ```
 */
export async function rateExperiment(
  store: ExperimentStore,
  llm: LlmGateway,
  options: RateExperimentOptions = {},
): Promise<RateOutcome> {
  const units = ratingUnits(store, options);
  const stored = new Set(store.ratings().map(unitKey));
  const pending = units.filter((unit) => !stored.has(unitKey(unit)));
  const outcome: RateOutcome = {
    units: units.length,
    rated: 0,
    skipped: units.length - pending.length,
    invalid: 0,
    dryRun: false,
  };
  const queue = [...pending];
  const worker = async () => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      if (options.signal?.aborted) return;
      let row: RatingRow;
      try {
        row = await rateUnit(llm, unit, options.signal);
      } catch (error) {
        if (options.signal?.aborted) return; // cancelled: what is stored stays stored
        throw error;
      }
      store.saveRatings([row]);
      outcome.rated++;
      if (row.rating === null) outcome.invalid++;
      outcome.dryRun ||= row.dryRun;
      options.onRating?.(row, outcome.rated, pending.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 8, pending.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcome;
}

/** The gateway, optionally with the facade's key and dry-run flag (see `Llm`). */
type RaterLlm = LlmGateway & { keyOf?: (request: ChatRequest) => string; dryRun?: boolean };

async function rateUnit(
  llm: RaterLlm,
  unit: RatingUnit,
  signal?: AbortSignal,
): Promise<RatingRow> {
  const request: ChatRequest = {
    role: "rater",
    messages: [{ role: "user", content: unit.prompt }],
    hint: { kind: "rating", ...RATING_SCALE, basis: unit.basis },
    label: `rate ${unit.kind} ${unit.runId} step ${unit.step} ${unit.criterion}`,
  };
  const row = {
    runId: unit.runId,
    step: unit.step,
    criterion: unit.criterion,
    kind: unit.kind,
    prompt: unit.prompt,
  };
  try {
    const result = await withRunId(unit.runId, () => llm.complete(request, { signal }));
    const raw = result.text;
    return { ...row, rating: parseRating(raw), raw, callKey: result.key, dryRun: result.dryRun };
  } catch (error) {
    // An answer cut at max_tokens is still an answer: parsed as usual (a leading rating counts,
    // anything else is excluded), never a reason to stop the pass.
    if (!(error instanceof LengthError)) throw error;
    const raw = error.partialText;
    const callKey = llm.keyOf?.(request) ?? null;
    return { ...row, rating: parseRating(raw), raw, callKey, dryRun: llm.dryRun ?? false };
  }
}

function unitKey(unit: { runId: string; step: number; criterion: string; kind: string }): string {
  return JSON.stringify([unit.runId, unit.step, unit.criterion, unit.kind]);
}
