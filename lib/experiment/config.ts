/**
 * The experiment configuration: one JSON file, validated by zod, that CLI flags override.
 *
 * @module
 */
import { z } from "zod";
import { type MitigationsConfig, MitigationsSchema } from "../mitigations/config.ts";
import { type ParseOutcome, validate } from "../schema.ts";
import { parseMode } from "../textgrad/mode.ts";
import { type ProfileSpec, resolveProfile } from "../loop/profile_spec.ts";
import type { Algorithm } from "./types.ts";

/** TextGrad's options: the merge variant of its pipeline (`MERGE_VARIANTS`). */
export interface TextGradConfig {
  /** Optimizer name. */
  name: "textgrad";
  /** Merge variant (default `paper`). */
  merge?: string;
}

/** OPRO's options (see `OproOptions`). */
export interface OproConfig {
  /** Optimizer name. */
  name: "opro";
  /** Candidate instruction sets per step (paper: 8). */
  candidates?: number;
  /** Trajectory entries kept (paper: 20). */
  topK?: number;
  /** Training exemplars in the meta-prompt (paper: 3). */
  exemplars?: number;
  /** Size of the fixed scoring subset (default: the batch size). */
  subsetSize?: number;
  /** numpy seed of the fixed subset (paper: 0). */
  subsetSeed?: number;
  /** Score metric (paper: accuracy). */
  metric?: "accuracy" | "offByOne" | "mae" | "spearman";
}

/** The configured optimizer. */
export type OptimizerConfig = TextGradConfig | OproConfig;

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
  /**
   * The quirk profile: `paper` turns every quirk flag on, `default` fixes them, and
   * `{ base, quirks }` overrides single flags of a base (ablations). Resolved by `resolveProfile`.
   */
  profile: ProfileSpec;
  /** Optimizer name; the same as `optimizer.name` (a shorthand for the CLI's `--algorithm`). */
  algorithm: Algorithm;
  /** The optimizer and its options, looked up in the experiment's `OPTIMIZERS` table. */
  optimizer: OptimizerConfig;
  /**
   * The mitigation switches (`lib/mitigations`): `perCriterionJudge`, `fieldMaskedJudge`,
   * `lengthBudget`, `specificityRouter`, `conflictMerge`. Default `{}` (none: the paper's step;
   * `[]` is read as none).
   */
  mitigations: MitigationsConfig;
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
  /**
   * Opt-in: an unchanged prompt on the same rows is scored once and the answers reused (the
   * incumbent on validation, the seed prompt every run evaluates at step 0, an unchanged prompt
   * after a rejected step). Gives up independent re-samples of the judge at temperature > 0.
   * Absent (the paper's protocol): every evaluation samples anew.
   */
  reuseEvaluations?: boolean;
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

/** A profile name or `{ base, quirks }`, checked by `resolveProfile`. */
const ProfileSchema = z.union([
  z.string(),
  z.object({
    base: z.string(),
    quirks: z.record(z.string(), z.boolean()),
    name: z.string().min(1).optional(),
  }).strict(),
]).superRefine((spec, ctx) => {
  const resolved = resolveProfile(spec);
  if (!resolved.ok) {
    for (const message of resolved.issues) ctx.addIssue({ code: "custom", message });
  }
});

const OptimizerSchema = z.discriminatedUnion("name", [
  z.object({ name: z.literal("textgrad"), merge: z.string().min(1).optional() }).strict(),
  z.object({
    name: z.literal("opro"),
    candidates: positiveInt.optional(),
    topK: positiveInt.optional(),
    exemplars: z.number().int().nonnegative().optional(),
    subsetSize: positiveInt.optional(),
    subsetSeed: z.number().int().optional(),
    metric: z.enum(["accuracy", "offByOne", "mae", "spearman"]).optional(),
  }).strict(),
]);

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
  profile: ProfileSchema.default("default"),
  algorithm: z.enum(["textgrad", "opro"]).optional(),
  optimizer: OptimizerSchema.optional(),
  mitigations: MitigationsSchema.default({}),
  seed: z.number().int().default(42),
  concurrency: positiveInt.default(4),
  sampling: z.enum(["independent", "paired"]).default("independent"),
  shareIdenticalJudgeInputs: z.boolean().default(false),
  reuseEvaluations: z.boolean().optional(),
  llm: z.unknown().optional(),
  backend: z.enum(["openai", "dry-run"]).default("openai"),
  budgetUsd: z.number().positive().optional(),
  parseFailureTolerance: z.number().min(0).max(1).optional(),
  out: z.string().min(1).default("runs/experiment"),
  judge: z.strictObject({ structuredOutput: z.enum(["off", "json_schema"]) }).optional(),
}).strict().superRefine((config, ctx) => {
  const base = typeof config.profile === "string" ? config.profile : config.profile.base;
  if (base === "paper" && config.judge?.structuredOutput === "json_schema") {
    ctx.addIssue({
      code: "custom",
      path: ["judge", "structuredOutput"],
      message:
        'the paper profile never constrains the judge (the paper parsed free text); use profile "default"',
    });
  }
}).transform((config, ctx) => {
  // `algorithm` is the optimizer's name; either may be given, and they must agree.
  const name = config.optimizer?.name ?? config.algorithm ?? "textgrad";
  if (config.algorithm !== undefined && config.algorithm !== name) {
    ctx.addIssue({
      code: "custom",
      path: ["algorithm"],
      message: `algorithm "${config.algorithm}" disagrees with optimizer.name "${name}"`,
    });
    return z.NEVER;
  }
  const optimizer = config.optimizer ?? { name };
  const stageSwitches = (["lengthBudget", "specificityRouter", "conflictMerge"] as const)
    .filter((key) => config.mitigations[key] !== undefined);
  if (name !== "textgrad" && stageSwitches.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["mitigations"],
      message: `${stageSwitches.join(", ")} change TextGrad's stages; optimizer "${name}" has none`,
    });
    return z.NEVER;
  }
  return { ...config, algorithm: name, optimizer } as ExperimentConfig;
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
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadExperimentConfig } from "./config.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/grid.json`, JSON.stringify({ modes: ["CCC"], llm: "llm.json" }));
 * const outcome = await loadExperimentConfig(`${dir}/grid.json`);
 * assert.ok(outcome.ok && outcome.value.llm === `${dir}/llm.json`);
 * await Deno.remove(dir, { recursive: true });
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
 * An `algorithm` override naming another optimizer replaces `optimizer` with that optimizer's
 * defaults (`--algorithm opro` on a TextGrad config).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overrideConfig, parseExperimentConfig } from "./config.ts";
 * const base = parseExperimentConfig({});
 * if (base.ok) {
 *   const merged = overrideConfig(base.value, { runs: 1, steps: undefined });
 *   assert.ok(merged.ok && merged.value.runs === 1 && merged.value.steps === 12);
 *   const opro = overrideConfig(base.value, { algorithm: "opro" });
 *   assert.ok(opro.ok && opro.value.optimizer.name === "opro");
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
  if (overrides.algorithm !== undefined && overrides.algorithm !== config.optimizer.name) {
    merged.optimizer = { name: overrides.algorithm };
  }
  return parseExperimentConfig(merged);
}
