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
import type { LlmConfig } from "../llm/config.ts";
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { type CallEvent, createLlm, type Llm } from "../llm/llm.ts";
import { OpenAiBackend } from "../llm/openai_backend.ts";
import type { UsageSnapshot } from "../llm/usage.ts";
import type { Profile, PromptOptimizer } from "../loop/mod.ts";
import { callLogger } from "./call_log.ts";
import { optimizerOf, profileOf, resolvedComponents } from "./components.ts";
import { ExperimentExistsError, ManifestDriftError, NothingToResumeError } from "./errors.ts";
import { estimateExperiment } from "./estimate.ts";
import { resolveLlmConfig } from "./llm_config.ts";
import { type ExperimentOutcome, runExperiment } from "./experiment.ts";
import type { ExperimentConfig } from "./config.ts";
import { type ExperimentData, loadExperimentData } from "./dataset.ts";
import { ExperimentStore } from "./store.ts";
import type { ExperimentManifest, RunKey, StepRecord } from "./types.ts";

/** Options of {@linkcode openExperiment}. */
export interface OpenExperimentOptions {
  /** Continue the experiment in `config.out` (it must exist and match the configuration). */
  resume?: boolean;
  /** Observer of every LLM call besides the store's call log (e.g. a progress display). */
  onCall?: (event: CallEvent) => void;
  /** Artificial latency of each dry-run call in ms (rehearsals and tests). */
  latencyMs?: number;
  /** Use this backend instead of the configured one (tests). */
  backend?: ChatBackend;
  /** Keep the store and the call cache in memory, writing nothing to `config.out`. */
  inMemory?: boolean;
  /** Already-loaded data (skips loading). */
  data?: ExperimentData;
  /**
   * The call cache file (default `<out>/cache.sqlite`). Experiments that share one, with
   * `sampling: "paired"`, share the answers of identical calls (a paired mitigation study).
   */
  cachePath?: string;
}

/** Options of {@linkcode Experiment.run}. */
export interface ExperimentRunOptions {
  /** Cancels every run (they are marked `paused`). */
  signal?: AbortSignal;
  /** Called after each stored step of any run. */
  onStep?: (record: StepRecord) => void;
}

/** An opened experiment: run it, estimate it, read its store, close it. */
export interface Experiment {
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
  /** The optimizer of each run, from the configured optimizer. */
  optimizer: (run: RunKey) => PromptOptimizer;
  /**
   * Runs every run of the grid not yet `done` (continuing from checkpoints, so calling it again
   * resumes an interrupted or paused experiment).
   */
  run(options?: ExperimentRunOptions): Promise<ExperimentOutcome>;
  /** The dry-run estimate of the whole grid (calls, tokens, dollars per role), in memory. */
  estimate(): Promise<UsageSnapshot>;
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
 * @throws {ExperimentExistsError} When the store exists and `resume` is not set.
 * @throws {NothingToResumeError} When `resume` finds no store.
 * @throws {ManifestDriftError} When the stored manifest disagrees with the configuration.
 * @throws {DataError} When the dataset is missing or corrupt.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openExperiment } from "./setup.ts";
 * import { toyExperimentConfig, toyExperimentData } from "../testing/toy_experiment.ts";
 * const experiment = await openExperiment(toyExperimentConfig("runs/toy"), {
 *   data: toyExperimentData(),
 *   inMemory: true,
 * });
 * const outcome = await experiment.run();
 * assert.ok(outcome.counts.done === 4 && experiment.manifest.dryRun);
 * assert.ok((await experiment.estimate()).total.calls > 0);
 * experiment.close();
 * ```
 */
export async function openExperiment(
  config: ExperimentConfig,
  options: OpenExperimentOptions = {},
): Promise<Experiment> {
  const profile = profileOf(config);
  const data = options.data ?? await loadExperimentData(config, profile);
  const llmConfig = await resolveLlmConfig(config);
  // Fail before the first call (and before any file is written) when a remote key is missing.
  if (!options.backend && config.backend !== "dry-run") assertApiKeys(llmConfig);
  const storePath = options.inMemory ? ":memory:" : `${config.out}/experiment.sqlite`;
  const exists = !options.inMemory && await fileExists(storePath);
  if (exists && !options.resume) throw new ExperimentExistsError(storePath);
  if (!exists && options.resume) throw new NothingToResumeError(storePath);
  if (!options.inMemory) await Deno.mkdir(config.out, { recursive: true });
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
    throw new ManifestDriftError(storePath, drift);
  }
  const logCall = callLogger(llmConfig, (entry) => store.recordCall(entry));
  const llm = createLlm({
    config: {
      ...llmConfig,
      cache: {
        mode: llmConfig.cache.mode === "replay" ? "replay" : "live",
        path: options.cachePath ?? (options.inMemory ? ":memory:" : `${config.out}/cache.sqlite`),
      },
    },
    backend,
    budgetUsd: config.budgetUsd,
    onCall: (event) => {
      logCall(event);
      options.onCall?.(event);
    },
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
    run(runOptions: ExperimentRunOptions = {}) {
      return runExperiment({
        config,
        spec: data.spec,
        splits: data.splits,
        llm,
        store,
        profile,
        optimizer,
        signal: runOptions.signal,
        onStep: runOptions.onStep,
      });
    },
    estimate: () => estimateExperiment(config, data),
    close() {
      llm.close();
      store.close();
    },
  };
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
    profile: { name: profile.name, quirks: { ...profile.quirks }, settings: settingsOf(profile) },
    components: JSON.parse(JSON.stringify(resolvedComponents(config))),
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

/** The profile's re-ask, tolerance and sampling settings, for the manifest (read by name only). */
function settingsOf(profile: Profile): Record<string, number | boolean | string> {
  const { name: _name, quirks: _quirks, ...settings } = profile;
  return { ...settings };
}
