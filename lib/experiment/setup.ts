/**
 * Opens an experiment: loads the data, resolves the LLM configuration, opens the store (new, or an
 * existing one to resume) with its call cache beside it, writes or checks the manifest, and builds
 * the LLM layer, the profile and the optimizer.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };
import type { ChatBackend } from "../llm/backend.ts";
import { assertApiKeys } from "../llm/api_key_check.ts";
import { FileError } from "../file_error.ts";
import { type LlmConfig, loadLlmConfig, parseLlmConfig } from "../llm/config.ts";
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { ConfigError } from "../llm/errors.ts";
import { createLlm, type Llm } from "../llm/llm.ts";
import { OpenAiBackend } from "../llm/openai_backend.ts";
import type { ProgressReporter } from "../llm/progress.ts";
import { oproOptimizer } from "../opro/mod.ts";
import {
  DEFAULT_PROFILE,
  PAPER_PROFILE,
  type Profile,
  type PromptOptimizer,
  textGradOptimizer,
} from "../textgrad/mod.ts";
import { callLogger } from "./call_log.ts";
import type { ExperimentConfig } from "./config.ts";
import { type ExperimentData, loadExperimentData } from "./dataset.ts";
import { ExperimentStore } from "./store.ts";
import type { ExperimentManifest } from "./types.ts";

/** Options of {@linkcode openExperiment}. */
export interface OpenExperimentOptions {
  /** Continue the experiment in `config.out` (it must exist and match the configuration). */
  resume?: boolean;
  /** Progress reporter the LLM layer feeds. */
  progress?: ProgressReporter;
  /** Artificial latency of each dry-run call in ms (rehearsals and tests). */
  latencyMs?: number;
  /** Use this backend instead of the configured one (tests). */
  backend?: ChatBackend;
  /** Already-loaded data (skips loading). */
  data?: ExperimentData;
}

/** An opened experiment: everything {@linkcode runExperiment} needs. */
export interface OpenedExperiment {
  /** The configuration. */
  config: ExperimentConfig;
  /** Dataset and splits. */
  data: ExperimentData;
  /** The store (`<out>/experiment.sqlite`). */
  store: ExperimentStore;
  /** The manifest as stored. */
  manifest: ExperimentManifest;
  /** The LLM layer (call cache `<out>/cache.sqlite`, calls logged to the store). */
  llm: Llm;
  /** The quirk profile. */
  profile: Profile;
  /** The optimizer of the configured algorithm. */
  optimizer: PromptOptimizer;
  /** Closes the LLM layer (and its cache) and the store. */
  close(): void;
}

/** Settings a resumed experiment may change (everything else must equal the stored manifest). */
const MUTABLE_ON_RESUME = new Set([
  "budgetUsd",
  "concurrency",
  "out",
  "llm",
  "parseFailureTolerance",
]);

/**
 * Opens (or, with `resume`, reopens) the experiment in `config.out`.
 *
 * @throws {Error} When the store exists and `resume` is not set, when `resume` finds no store, or
 * when the stored manifest disagrees with the configuration.
 * @throws {DataError} When the dataset is missing or corrupt.
 * @example
 * ```ts ignore
 * import { openExperiment } from "./setup.ts";
 * const experiment = await openExperiment(config, { resume: true });
 * ```
 */
export async function openExperiment(
  config: ExperimentConfig,
  options: OpenExperimentOptions = {},
): Promise<OpenedExperiment> {
  const profile = profileOf(config);
  const data = options.data ?? await loadExperimentData(config, profile);
  const llmConfig = await resolveLlmConfig(config);
  // Fail before the first call (and before any file is written) when a remote key is missing.
  if (!options.backend && config.backend !== "dry-run") assertApiKeys(llmConfig);
  const storePath = `${config.out}/experiment.sqlite`;
  const exists = await fileExists(storePath);
  if (exists && !options.resume) {
    throw new Error(
      `${storePath} already holds an experiment: pass --resume to continue it, or choose another --out.`,
    );
  }
  if (!exists && options.resume) throw new Error(`Nothing to resume: ${storePath} does not exist.`);
  await Deno.mkdir(config.out, { recursive: true });
  const store = ExperimentStore.open(storePath);
  const backend = options.backend ??
    (config.backend === "dry-run"
      ? withLatency(createDryRunBackend({ seed: config.seed }), options.latencyMs ?? 0)
      : new OpenAiBackend());
  const wanted = buildManifest(config, data, llmConfig, profile, backend.dryRun);
  const manifest = store.writeManifest(wanted);
  const drift = manifestDrift(manifest, wanted);
  if (drift.length > 0) {
    store.close();
    throw new FileError(
      storePath,
      `was created with a different configuration: ${drift.join(", ")}; resume with the ` +
        `stored settings, or choose another --out`,
    );
  }
  const llm = createLlm({
    config: {
      ...llmConfig,
      cache: {
        mode: llmConfig.cache.mode === "replay" ? "replay" : "live",
        path: `${config.out}/cache.sqlite`,
      },
    },
    backend,
    budgetUsd: config.budgetUsd,
    progress: options.progress,
    onCall: callLogger(llmConfig, (entry) => store.recordCall(entry)),
  });
  const optimizer = optimizerOf(config);
  return {
    config,
    data,
    store,
    manifest,
    llm,
    profile,
    optimizer,
    close() {
      llm.close();
      store.close();
    },
  };
}

/**
 * The LLM configuration of an experiment: `config.llm` inline, from a JSON file path, or the
 * built-in defaults (environment: `OPENAI_BASE_URL`). For OPRO, {@linkcode OPRO_ROLE_DEFAULTS}
 * apply unless the endpoint config sets the temperatures.
 *
 * @throws {ConfigError} One line per problem.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveLlmConfig } from "./setup.ts";
 * const llm = await resolveLlmConfig({ llm: { defaults: { model: "qwen3:8b" } } });
 * assert.ok(llm.roles.judge.model === "qwen3:8b");
 * ```
 */
export async function resolveLlmConfig(
  config: Pick<ExperimentConfig, "llm"> & Partial<Pick<ExperimentConfig, "algorithm">>,
): Promise<LlmConfig> {
  const roleDefaults = config.algorithm === "opro" ? { ...OPRO_ROLE_DEFAULTS } : undefined;
  if (typeof config.llm === "string") return await loadLlmConfig(config.llm, { roleDefaults });
  const outcome = parseLlmConfig(config.llm ?? {}, undefined, { roleDefaults });
  if (!outcome.ok) throw new ConfigError(outcome.issues, { source: "experiment config: llm" });
  return outcome.value;
}

/**
 * The quirk profile a configuration names, with its `shareIdenticalJudgeInputs` switch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { profileOf } from "./setup.ts";
 * assert.ok(profileOf({ profile: "paper" }).quirks.spearmanZeroOnConstant);
 * ```
 */
export function profileOf(
  config:
    & Pick<ExperimentConfig, "profile">
    & Partial<Pick<ExperimentConfig, "shareIdenticalJudgeInputs" | "judge">>,
): Profile {
  let profile = config.profile === "paper" ? PAPER_PROFILE : DEFAULT_PROFILE;
  // Constrained judge decoding is never part of the paper profile.
  const structured = config.judge?.structuredOutput;
  if (config.profile !== "paper" && structured === "json_schema") {
    profile = { ...profile, judgeStructuredOutput: structured };
  }
  if (config.shareIdenticalJudgeInputs) profile = { ...profile, shareIdenticalJudgeInputs: true };
  return profile;
}

/**
 * OPRO's role defaults (paper-method §6.1): scorer (the judge) temperature 0.0, optimizer 1.0.
 * They sit under the endpoint file, so a temperature the file sets wins.
 */
export const OPRO_ROLE_DEFAULTS: Readonly<Record<string, { temperature: number }>> = Object.freeze({
  judge: { temperature: 0 },
  optimizer: { temperature: 1 },
});

/**
 * The optimizer a configuration names (`textgrad` or `opro`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optimizerOf } from "./setup.ts";
 * assert.ok(optimizerOf({ algorithm: "textgrad" }).name.length > 0);
 * ```
 */
export function optimizerOf(config: Pick<ExperimentConfig, "algorithm">): PromptOptimizer {
  return config.algorithm === "opro" ? oproOptimizer() : textGradOptimizer();
}

function buildManifest(
  config: ExperimentConfig,
  data: ExperimentData,
  llm: LlmConfig,
  profile: Profile,
  dryRun: boolean,
): ExperimentManifest {
  const roles = Object.fromEntries(
    Object.entries(llm.roles).map(([role, e]) => [role, {
      model: e.model,
      temperature: e.temperature,
      maxTokens: e.maxTokens,
      endpoint: e.baseUrl,
      provider: e.provider,
      wire: {
        format: { ...e.wire },
        reasoningEffort: e.reasoningEffort ?? null,
        thinking: e.thinking ?? null,
        structuredOutput: e.structuredOutput,
      },
    }]),
  );
  const { splits } = data;
  return {
    kitVersion: denoJson.version,
    createdAt: new Date().toISOString(),
    dryRun,
    backend: dryRun ? "dry-run" : config.backend,
    dataset: {
      name: data.spec.name,
      checksum: `${data.fileChecksum} split:${data.splitChecksum}`,
      train: splits.train.length,
      validation: splits.validation.length,
      test: splits.test.length,
    },
    profile: {
      name: profile.name,
      quirks: { ...profile.quirks },
      settings: {
        judgeReask: profile.judgeReask,
        optimizerReask: profile.optimizerReask,
        parseFailureTolerance: profile.parseFailureTolerance,
        shareIdenticalJudgeInputs: profile.shareIdenticalJudgeInputs,
      },
    },
    roles,
    config: JSON.parse(JSON.stringify(config)),
  };
}

function manifestDrift(stored: ExperimentManifest, wanted: ExperimentManifest): string[] {
  const drift: string[] = [];
  if (stored.dryRun !== wanted.dryRun) drift.push("backend (dry run vs live)");
  if (stored.dataset.checksum !== wanted.dataset.checksum) drift.push("dataset or split");
  const keys = new Set([...Object.keys(stored.config), ...Object.keys(wanted.config)]);
  for (const key of keys) {
    if (MUTABLE_ON_RESUME.has(key)) continue;
    if (JSON.stringify(stored.config[key]) !== JSON.stringify(wanted.config[key])) {
      drift.push(`${key} (stored ${JSON.stringify(stored.config[key])})`);
    }
  }
  // The sampling settings change the answers (and the cache keys): a resumed run that drew with
  // other settings would differ from an uninterrupted one, and the manifest would misreport it.
  const sampling = ["model", "temperature", "maxTokens", "provider", "wire"] as const;
  for (const [role, entry] of Object.entries(wanted.roles)) {
    const before = stored.roles[role];
    if (!before) continue;
    for (const field of sampling) {
      // Stores written before provider presets have no wire settings: they sent the generic ones.
      if (before[field] === undefined && (field === "provider" || field === "wire")) continue;
      if (JSON.stringify(before[field]) !== JSON.stringify(entry[field])) {
        drift.push(`${role} ${field} (stored ${JSON.stringify(before[field])})`);
      }
    }
  }
  return drift;
}

/** `backend` with an artificial delay before each call (dry-run rehearsals and kill tests). */
export function withLatency(backend: ChatBackend, latencyMs: number): ChatBackend {
  if (latencyMs <= 0) return backend;
  return {
    name: backend.name,
    dryRun: backend.dryRun,
    async send(call, signal) {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return backend.send(call, signal);
    },
  };
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
