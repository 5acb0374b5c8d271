/**
 * How critiques and gradients are grouped and labelled when a C stage concatenates them
 * (paper-method §4.4, §4.6) — where two of the paper's quirks live.
 *
 * @module
 */
import type { StageRecord } from "../loop/stage_record.ts";

/** A labelled text in the gradient's objective block. */
export interface FeedbackSection {
  /** Who the text is about: a criterion name, or `all criteria (...)`. */
  label: string;
  /** The critique. */
  text: string;
}

/** A labelled list of bullets in the optimizer's feedback block. */
export interface FeedbackGroup {
  /** A criterion name, or `all criteria (...)`. */
  label: string;
  /** One bullet per gradient. */
  bullets: string[];
}

/**
 * Neutral label of a text that covers several criteria.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { allCriteriaLabel } from "./feedback.ts";
 * assert.ok(allCriteriaLabel(["a", "b"]) === "all criteria (a, b)");
 * ```
 */
export function allCriteriaLabel(criteria: readonly string[]): string {
  return `all criteria (${criteria.join(", ")})`;
}

/** Options of {@linkcode critiqueSections}. */
export interface CritiqueSectionOptions {
  /** Label a multi-criterion critique with its first criterion (the paper's CCC artefact). */
  firstTaskLabel?: boolean;
}

/**
 * The sections of a C gradient's objective block for one sample: each critique labelled with
 * its criterion (a combined critique with `all criteria (...)`, or with the first criterion under
 * `firstTaskLabel`); identical texts appear once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { critiqueSections } from "./feedback.ts";
 * const record = { stage: "loss", criteria: ["fluency", "coherence"], exampleId: "e1",
 *   prompt: "", text: "Both off by one.", callKey: null };
 * assert.ok(critiqueSections([record])[0].label === "all criteria (fluency, coherence)");
 * assert.ok(critiqueSections([record], { firstTaskLabel: true })[0].label === "fluency");
 * ```
 */
export function critiqueSections(
  critiques: readonly StageRecord[],
  options: CritiqueSectionOptions = {},
): FeedbackSection[] {
  const seen = new Set<string>();
  const sections: FeedbackSection[] = [];
  for (const record of critiques) {
    if (seen.has(record.text)) continue;
    seen.add(record.text);
    const single = record.criteria.length === 1 || options.firstTaskLabel;
    sections.push({
      label: single ? record.criteria[0] : allCriteriaLabel(record.criteria),
      text: record.text,
    });
  }
  return sections;
}

/** Options of {@linkcode feedbackGroups}. */
export interface FeedbackGroupOptions {
  /** Repeat multi-criterion gradients under every criterion header (the paper's SCC/CCC quirk). */
  repeatCombined?: boolean;
}

/**
 * The groups of the C optimizer's feedback block: per-criterion gradients under their criterion;
 * multi-criterion gradients once under `all criteria (...)`, or repeated under every criterion
 * they cover with `repeatCombined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { feedbackGroups } from "./feedback.ts";
 * const combined = ["g1", "g2"].map((text) => ({ stage: "gradient", criteria: ["a", "b"],
 *   exampleId: text, prompt: "", text, callKey: null }));
 * assert.ok(feedbackGroups(combined, ["a", "b"]).length === 1);
 * const repeated = feedbackGroups(combined, ["a", "b"], { repeatCombined: true });
 * assert.ok(repeated.length === 2 && repeated[1].bullets.join() === "g1,g2");
 * ```
 */
export function feedbackGroups(
  gradients: readonly StageRecord[],
  criteria: readonly string[],
  options: FeedbackGroupOptions = {},
): FeedbackGroup[] {
  const isCombined = (r: StageRecord) => r.criteria.length > 1;
  const groups: FeedbackGroup[] = [];
  for (const criterion of criteria) {
    const bullets = gradients
      .filter((r) => r.criteria.includes(criterion) && (!isCombined(r) || options.repeatCombined))
      .map((r) => r.text);
    if (bullets.length > 0) groups.push({ label: criterion, bullets });
  }
  const combined = gradients.filter(isCombined);
  if (combined.length > 0 && !options.repeatCombined) {
    groups.push({ label: allCriteriaLabel(criteria), bullets: combined.map((r) => r.text) });
  }
  return groups;
}
