/**
 * The experiment configuration: one JSON file, validated by zod, that CLI flags override.
 *
 * @module
 */
import { z } from "zod";
import { type ParseOutcome, validate } from "../schema.ts";
import { parseMode } from "../textgrad/mode.ts";
import type { Algorithm } from "./types.ts";

/** How the dataset is split (passed to the data layer). */
export interface ExperimentSplitOptions {
  /** `paper`: the paper's exact item split; `document`: no source document in two splits. */
  kind: "paper" | "document";
  /**
   * `overlap`: the paper's validation rows (may overlap training); `disjoint`: rows outside training.
   * Default: the profile's `validationOverlapsTraining` quirk (paper: overlap; default: disjoint).
   */
  validation?: "overlap" | "disjoint";
  /** Seed of the split (the paper uses 42). */
  seed: number;
}

/** The experiment: a grid of algorithms × modes × gates × runs on one dataset. */
export interface ExperimentConfig {
  /** Dataset name (`summeval`, `brighter`). */
  dataset: string;
  /** Data folder; defaults to `COLLIDE_DATA_DIR`, then `data/`. */
  dataDir?: string;
  /** Split options. */
  split: ExperimentSplitOptions;
  /** Mode names, e.g. `["SSS", "CCC"]`. */
  modes: string[];
  /** Gate metrics, e.g. `["mae", "none"]`. */
  gates: string[];
  /** Runs per configuration. */
  runs: number;
  /** Optimization steps per run (the test split is evaluated at steps 0..steps). */
  steps: number;
  /** Training examples per step. */
  batchSize: number;
  /** Validation examples the gate scores prompts on. */
  validationSize: number;
  /** Evaluate only the first `testLimit` test examples (quick runs); all when absent. */
  testLimit?: number;
  /** `paper` turns every quirk flag on; `default` fixes them. */
  profile: "paper" | "default";
  /** Optimizer algorithm. */
  algorithm: Algorithm;
  /** Experiment seed; run `r` uses `seed + r`. */
  seed: number;
  /** How many runs execute at once (they share one scheduler). */
  concurrency: number;
  /**
   * `independent` (default, as in the paper): each configuration samples its own LLM answers;
   * `paired`: configurations that send identical calls share the answers (common random numbers,
   * e.g. SSS/mae and SSS/none stay identical until a gate first rejects).
   */
  sampling: "independent" | "paired";
  /**
   * Let judge calls with identical inputs share one sample within an evaluation (a deliberate
   * saving: SummEval's 57 test rows that repeat another row's summary are judged once). Default
   * false: every row is its own sample, as in the paper. Recorded in the manifest.
   */
  shareIdenticalJudgeInputs: boolean;
  /** LLM configuration: an inline object in the LLM layer's format, or a path to its JSON file. */
  llm?: unknown;
  /** `openai` (live endpoints) or `dry-run` (synthetic, offline). */
  backend: "openai" | "dry-run";
  /** Dollar cap of the LLM layer; runs pause (resumable) when reached. */
  budgetUsd?: number;
  /**
   * Overrides the profile's judge parse-failure tolerance (a fraction of a judged set: paper
   * 0.05, default 0.5); may change on resume.
   */
  parseFailureTolerance?: number;
  /** Output folder holding `experiment.sqlite` and the call cache. */
  out: string;
  /**
   * Judge options. `structuredOutput: "json_schema"` asks for constrained decoding with a strict
   * schema (one integer enum per criterion); absent or `off`: free text, as in the paper. The
   * paper profile always parses free text.
   */
  judge?: { structuredOutput: "off" | "json_schema" };
}

const positiveInt = z.number().int().positive();

/** A mode name, checked by `parseMode` and written canonically (`sss` → `SSS`, `single` → `Single`). */
const ModeName = z.string().transform((text, ctx) => {
  const parsed = parseMode(text);
  if (parsed.ok) return parsed.value.name;
  for (const message of parsed.issues) ctx.addIssue({ code: "custom", message });
  return z.NEVER;
});

/** Drops repeated entries (a configuration listed twice would run twice under one run id). */
const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** Schema of {@linkcode ExperimentConfig}; defaults fill absent fields. */
const ExperimentConfigSchema: z.ZodType<ExperimentConfig> = z.object({
  dataset: z.string().min(1).default("summeval"),
  dataDir: z.string().min(1).optional(),
  split: z.object({
    kind: z.enum(["paper", "document"]).default("paper"),
    validation: z.enum(["overlap", "disjoint"]).optional(),
    seed: z.number().int().default(42),
  }).default({ kind: "paper", seed: 42 }),
  modes: z.array(ModeName).min(1).transform(unique).default(["SSS", "SSC", "SCC", "CCC", "Single"]),
  gates: z.array(z.enum(["none", "mae", "spearman", "off-by-one"])).min(1).transform(unique)
    .default(["mae", "none"]),
  runs: positiveInt.default(3),
  steps: z.number().int().nonnegative().default(12),
  batchSize: positiveInt.default(3),
  validationSize: positiveInt.default(100),
  testLimit: positiveInt.optional(),
  profile: z.enum(["paper", "default"]).default("default"),
  algorithm: z.enum(["textgrad", "opro"]).default("textgrad"),
  seed: z.number().int().default(42),
  concurrency: positiveInt.default(4),
  sampling: z.enum(["independent", "paired"]).default("independent"),
  shareIdenticalJudgeInputs: z.boolean().default(false),
  llm: z.unknown().optional(),
  backend: z.enum(["openai", "dry-run"]).default("openai"),
  budgetUsd: z.number().positive().optional(),
  parseFailureTolerance: z.number().min(0).max(1).optional(),
  out: z.string().min(1).default("runs/experiment"),
  judge: z.strictObject({ structuredOutput: z.enum(["off", "json_schema"]) }).optional(),
}).strict().superRefine((config, ctx) => {
  if (config.profile === "paper" && config.judge?.structuredOutput === "json_schema") {
    ctx.addIssue({
      code: "custom",
      path: ["judge", "structuredOutput"],
      message:
        'the paper profile never constrains the judge (the paper parsed free text); use profile "default"',
    });
  }
});

/**
 * Validates a parsed JSON config and fills defaults (12 steps, batch 3, 3 runs, validation 100,
 * all five modes, gates mae and none, default profile, TextGrad). Mode names are checked with
 * `parseMode` (an S after a C is rejected) and written canonically; repeated modes or gates are
 * dropped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExperimentConfig } from "./config.ts";
 * const outcome = parseExperimentConfig({ modes: ["sss"], runs: 1 });
 * assert.ok(outcome.ok && outcome.value.steps === 12 && outcome.value.profile === "default");
 * assert.ok(outcome.ok && outcome.value.modes[0] === "SSS");
 * const bad = parseExperimentConfig({ runs: 0 });
 * assert.ok(!bad.ok && bad.issues[0].startsWith("runs:"));
 * ```
 */
export function parseExperimentConfig(input: unknown): ParseOutcome<ExperimentConfig> {
  return validate(ExperimentConfigSchema, input ?? {});
}

/**
 * Reads and validates a JSON config file; a relative `llm` path is resolved against the file.
 *
 * @example
 * ```ts ignore
 * import { loadExperimentConfig } from "./config.ts";
 * const outcome = await loadExperimentConfig("experiments/summeval.json");
 * if (!outcome.ok) console.error(outcome.issues.join("\n"));
 * ```
 */
export async function loadExperimentConfig(path: string): Promise<ParseOutcome<ExperimentConfig>> {
  let json: unknown;
  try {
    json = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    return { ok: false, issues: [`${path}: ${(error as Error).message}`] };
  }
  const outcome = parseExperimentConfig(json);
  if (!outcome.ok) return { ok: false, issues: outcome.issues.map((i) => `${path}: ${i}`) };
  const llm = outcome.value.llm;
  if (typeof llm === "string" && !llm.startsWith("/")) {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".";
    outcome.value.llm = `${dir}/${llm}`;
  }
  return outcome;
}

/**
 * The small grid `--dry-run` runs when no config or grid flags are given: SSS and CCC with the MAE
 * gate, 1 run, 2 steps, 40 test examples, 20 validation examples, offline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dryRunDefaults } from "./config.ts";
 * assert.ok(dryRunDefaults().runs === 1);
 * ```
 */
export function dryRunDefaults(): Partial<ExperimentConfig> {
  return {
    modes: ["SSS", "CCC"],
    gates: ["mae"],
    runs: 1,
    steps: 2,
    testLimit: 40,
    validationSize: 20,
    backend: "dry-run",
  };
}

/**
 * Overlays `overrides` (CLI flags) on `config`, ignoring `undefined` entries, and re-validates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overrideConfig, parseExperimentConfig } from "./config.ts";
 * const base = parseExperimentConfig({});
 * if (base.ok) {
 *   const merged = overrideConfig(base.value, { runs: 1, steps: undefined });
 *   assert.ok(merged.ok && merged.value.runs === 1 && merged.value.steps === 12);
 * }
 * ```
 */
export function overrideConfig(
  config: ExperimentConfig,
  overrides: Partial<ExperimentConfig>,
): ParseOutcome<ExperimentConfig> {
  const merged: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = value;
  }
  return parseExperimentConfig(merged);
}
