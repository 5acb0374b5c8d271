/**
 * Opens a finished (or paused) experiment for diagnostics: its store, an LLM layer sharing the
 * experiment's call cache and call log, and, on demand, the experiment's data (the noise control
 * and the oracle combination call the judge on its splits).
 *
 * @module
 */
import { callLogger } from "../experiment/call_log.ts";
import { parseExperimentConfig } from "../experiment/config.ts";
import { type ExperimentData, loadExperimentData } from "../experiment/dataset.ts";
import { profileOf } from "../experiment/components.ts";
import { resolveLlmConfig } from "../experiment/llm_config.ts";
import { withLatency } from "../experiment/setup.ts";
import { ExperimentStore } from "../experiment/store.ts";
import type { ExperimentManifest } from "../experiment/types.ts";
import type { ChatBackend } from "../llm/backend.ts";
import { loadLlmConfig } from "../llm/config.ts";
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { type CallEvent, createLlm, type Llm } from "../llm/llm.ts";
import { OpenAiBackend } from "../llm/openai_backend.ts";
import type { DiagnosticsEnvironment } from "./environment.ts";

/** Options of {@linkcode openDiagnostics}. */
export interface OpenDiagnosticsOptions {
  /** Endpoint config file for the rater (and judge) calls. Default: the experiment's own. */
  llmConfig?: string;
  /** Answer offline with the dry-run backend. Always so for a dry-run experiment. */
  dryRun?: boolean;
  /** Use this backend (tests). */
  backend?: ChatBackend;
  /** Dollar cap of the calls made. */
  budgetUsd?: number;
  /** Observer of every call besides the store's call log (e.g. a progress display). */
  onCall?: (event: CallEvent) => void;
  /** Artificial latency of each dry-run call in ms (rehearsals and tests). */
  latencyMs?: number;
  /** Already-loaded data (skips loading; must be the experiment's). */
  data?: ExperimentData;
}

/** An experiment opened for diagnostics. */
export interface OpenedDiagnostics {
  /** The store (`<out>/experiment.sqlite`). */
  store: ExperimentStore;
  /** Its manifest. */
  manifest: ExperimentManifest;
  /** The LLM layer (call cache `<out>/cache.sqlite`, calls logged to the store). */
  llm: Llm;
  /** True when the experiment or the calls made now are synthetic. */
  dryRun: boolean;
  /** The judge environment (loads the experiment's data; fails if it differs from the stored). */
  environment(): Promise<DiagnosticsEnvironment>;
  /** Closes the LLM layer and the store. */
  close(): void;
}

/**
 * Opens the experiment in `out` for diagnostics.
 *
 * @throws {Error} When `out` holds no experiment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openDiagnostics } from "./open_diagnostics.ts";
 * await assert.rejects(() => openDiagnostics("/nonexistent"), /holds no experiment/);
 * ```
 */
export async function openDiagnostics(
  out: string,
  options: OpenDiagnosticsOptions = {},
): Promise<OpenedDiagnostics> {
  const path = `${out}/experiment.sqlite`;
  if (!(await isFile(path))) {
    throw new Error(`${out} holds no experiment (${path} is missing): run deno task run first.`);
  }
  const store = ExperimentStore.open(path);
  const manifest = store.manifest();
  if (!manifest) {
    store.close();
    throw new Error(`${path} holds no experiment manifest.`);
  }
  const parsed = parseExperimentConfig(manifest.config);
  if (!parsed.ok) {
    store.close();
    throw new Error(`${path}: stored config is invalid: ${parsed.issues.join("; ")}`);
  }
  const config = parsed.value;
  const llmConfig = options.llmConfig
    ? await loadLlmConfig(options.llmConfig)
    : await resolveLlmConfig(config);
  const backend = options.backend ??
    (options.dryRun || manifest.dryRun
      ? withLatency(createDryRunBackend({ seed: config.seed }), options.latencyMs ?? 0)
      : new OpenAiBackend());
  const logCall = callLogger(llmConfig, (entry) => store.recordCall(entry));
  const llm = createLlm({
    config: { ...llmConfig, cache: { mode: "live", path: `${out}/cache.sqlite` } },
    backend,
    budgetUsd: options.budgetUsd,
    onCall: (event) => {
      logCall(event);
      options.onCall?.(event);
    },
  });
  const profile = profileOf(config);
  return {
    store,
    manifest,
    llm,
    dryRun: manifest.dryRun || backend.dryRun,
    async environment() {
      const data = options.data ?? await loadExperimentData(config, profile);
      const checksum = `${data.fileChecksum} split:${data.splitChecksum}`;
      if (checksum !== manifest.dataset.checksum) {
        throw new Error(
          `The data or split differs from the experiment's (stored ${manifest.dataset.checksum}).`,
        );
      }
      return { llm, store, spec: data.spec, splits: data.splits, profile };
    },
    close() {
      llm.close();
      store.close();
    },
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
