/**
 * What every stage returns: one record per LLM call (or per derived text), stored by the runner
 * and shown by the notebook.
 *
 * @module
 */

/** One text produced by a stage, with the prompt that produced it. */
export interface StageRecord {
  /** `judge`, `loss`, `gradient`, `optimizer`, or an optimizer-specific stage (e.g. `opro-trajectory`). */
  stage: string;
  /** Criteria this text is attributed to (C stages: all of them). */
  criteria: string[];
  /** Example the text is about; `null` for per-step records (optimizer). */
  exampleId: string | null;
  /** The rendered prompt sent (system and user parts), "" for records without a call. */
  prompt: string;
  /** The model's answer (critique, gradient, rewrite). */
  text: string;
  /** `ChatResult.key` of the call, linking to the stored call; `null` without a call. */
  callKey: string | null;
  /** Structured extras (parsed instructions, warnings, scores, ...). Plain JSON data. */
  data?: unknown;
}
