/**
 * Dataset descriptions and items shared by every stage of the kit.
 *
 * A dataset is described by data ({@linkcode DatasetSpec}): its criteria and scales, the text fields
 * the judge sees, the frozen evaluation directive and the seed instruction. The optimizer, judge and
 * metrics only ever read a spec, so a new dataset needs a spec and a loader, nothing else.
 *
 * @module
 */
import { z } from "zod";

/** One scored criterion (for example SummEval's `fluency`, 1–5). */
export interface Criterion {
  /** Key used in judge JSON, labels and stored records; lower snake case. */
  name: string;
  /** What the criterion means. Never shown to the judge (the paper keeps it out of the prompt). */
  description: string;
  /** Inclusive integer scale. */
  scale: { min: number; max: number };
}

/** Schema of {@linkcode Criterion}. */
export const CriterionSchema: z.ZodType<Criterion> = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "criterion names are lower snake case"),
  description: z.string(),
  scale: z.object({ min: z.number().int(), max: z.number().int() }).refine(
    (s) => s.max > s.min,
    "scale.max must be greater than scale.min",
  ),
});

/** A dataset description: everything the optimizer needs to know about a dataset. */
export interface DatasetSpec {
  /** Short identifier, e.g. `summeval`. */
  name: string;
  /** Criteria in the fixed order used by prompts and tables. */
  criteria: Criterion[];
  /** Text fields shown to the judge, in order: `key` in {@linkcode Example.inputs}, `label` in the prompt. */
  inputs: { key: string; label: string }[];
  /** Frozen evaluation directive that opens the judge prompt. */
  directive: string;
  /** Seed instruction template; `{min}`, `{max}` and `{criterion}` are substituted. */
  seedInstruction: string;
}

/** Schema of {@linkcode DatasetSpec}. */
export const DatasetSpecSchema: z.ZodType<DatasetSpec> = z.object({
  name: z.string().min(1),
  criteria: z.array(CriterionSchema).min(1),
  inputs: z.array(z.object({ key: z.string().min(1), label: z.string().min(1) })).min(1),
  directive: z.string().min(1),
  seedInstruction: z.string().min(1),
});

/**
 * One labelled row the judge scores: the unit of every split, batch and evaluation.
 *
 * `id` is unique within a split. For SummEval's paper split one summary can appear several times
 * with different experts' labels, so `id` is `<itemId>#e<expert>` there and `itemId` names the
 * underlying summary.
 */
export interface Example {
  /** Unique row id within a split. */
  id: string;
  /** Id of the underlying item (the summary, the text). */
  itemId: string;
  /** Group for leakage-free splits (the source document). */
  group: string;
  /** Text fields keyed as in {@linkcode DatasetSpec.inputs}. */
  inputs: Record<string, string>;
  /** Integer (or mean) label per criterion name. */
  labels: Record<string, number>;
}
