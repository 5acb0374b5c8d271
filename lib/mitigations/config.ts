/**
 * The `mitigations` section of an experiment config: each of the paper's proposed mitigations
 * (paper-method §10) as a switch. They combine; with none on, the step is the paper's.
 *
 * @module
 */
import { z } from "zod";
import { TOKENIZER_NAMES, type TokenizerName } from "../metrics/tokenizer.ts";
import type { JudgeStrategy } from "../judge/predict.ts";
import type { ConflictMergeOptions } from "./conflict_merge.ts";
import type { LengthBudgetOptions } from "./length_budget.ts";
import type { SpecificityRouterOptions } from "./specificity_router.ts";

/** The mitigation switches (absent or `false`: off). */
export interface MitigationsConfig {
  /** One judge call per criterion, showing only its instruction (against interference). */
  perCriterionJudge?: boolean;
  /**
   * Field-masked judging approximated on an API: one call per criterion with the sample first
   * and only that criterion's instruction last (a shared prefix for prompt caching).
   */
  fieldMaskedJudge?: boolean;
  /** A token budget per instruction, enforced on every accepted instruction. */
  lengthBudget?: LengthBudgetOptions;
  /** Per-criterion gradient calls when the rated specificity of combined ones is too low. */
  specificityRouter?: SpecificityRouterOptions;
  /** Conflict-aware merge of per-criterion gradients. */
  conflictMerge?: ConflictMergeOptions;
}

/** The switch names, in the order studies and tables list them. */
export const MITIGATION_NAMES = [
  "perCriterionJudge",
  "fieldMaskedJudge",
  "lengthBudget",
  "specificityRouter",
  "conflictMerge",
] as const;

/** One switch name. */
export type MitigationName = typeof MITIGATION_NAMES[number];

const Positive = z.number().int().positive();

/**
 * Schema of {@linkcode MitigationsConfig}; `[]` (the reserved form of earlier configs) is none.
 * Internal to the kit: the experiment config validates with it.
 */
export const MitigationsSchema: z.ZodType<MitigationsConfig> = z.preprocess(
  (value) => Array.isArray(value) && value.length === 0 ? {} : value,
  z.strictObject({
    perCriterionJudge: z.boolean().optional(),
    fieldMaskedJudge: z.boolean().optional(),
    lengthBudget: z.strictObject({
      tokens: z.union([Positive, z.record(z.string(), Positive)]),
      tokenizer: z.enum(TOKENIZER_NAMES as [TokenizerName, ...TokenizerName[]]).optional(),
      attempts: z.number().int().nonnegative().optional(),
    }).optional(),
    specificityRouter: z.strictObject({
      threshold: z.number().min(1).max(11),
      role: z.string().min(1).optional(),
    }).optional(),
    conflictMerge: z.strictObject({
      detect: z.enum(["embedding", "llm", "both"]).optional(),
      similarity: z.number().min(-1).max(1).optional(),
      resolve: z.enum(["drop", "scope", "merge"]).optional(),
      maxChecks: Positive.optional(),
      checkRole: z.string().min(1).optional(),
      embedRole: z.string().min(1).optional(),
      embedBatch: Positive.optional(),
    }).optional(),
  }).superRefine((m, ctx) => {
    if (m.perCriterionJudge && m.fieldMaskedJudge) {
      ctx.addIssue({
        code: "custom",
        path: ["fieldMaskedJudge"],
        message: "perCriterionJudge and fieldMaskedJudge are two judge strategies; pick one",
      });
    }
  }),
) as unknown as z.ZodType<MitigationsConfig>;

/**
 * The switches that are on, in {@linkcode MITIGATION_NAMES} order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { activeMitigations } from "./config.ts";
 * assert.deepEqual(activeMitigations({ perCriterionJudge: false,
 *   specificityRouter: { threshold: 6 } }), ["specificityRouter"]);
 * ```
 */
export function activeMitigations(config: MitigationsConfig): MitigationName[] {
  return MITIGATION_NAMES.filter((name) => {
    const value = config[name];
    return value !== undefined && value !== false;
  });
}

/**
 * The judge strategy the switches ask for (`joint`, the paper's, when neither judge switch is on).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeStrategyOf } from "./config.ts";
 * assert.ok(judgeStrategyOf({}) === "joint");
 * assert.ok(judgeStrategyOf({ fieldMaskedJudge: true }) === "field-masked");
 * ```
 */
export function judgeStrategyOf(config: MitigationsConfig): JudgeStrategy {
  if (config.fieldMaskedJudge) return "field-masked";
  if (config.perCriterionJudge) return "per-criterion";
  return "joint";
}
