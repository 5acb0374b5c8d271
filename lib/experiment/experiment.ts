/**
 * An experiment: the grid algorithm × modes × gates × runs (Single mode: one run per criterion),
 * executed concurrently through one LLM layer and persisted in one store.
 *
 * @module
 */
import type { DatasetSpec } from "../data/mod.ts";
import type { LlmGateway } from "../llm/types.ts";
import { withRunId } from "./call_log.ts";
import type { Profile, PromptOptimizer } from "../loop/mod.ts";
import { planRuns } from "./components.ts";
import type { ExperimentConfig } from "./config.ts";
import { type ExperimentSplits, runOne } from "./run.ts";
import type { ExperimentStore } from "./store.ts";
import type { RunKey, RunRow, RunStatus, StepRecord } from "./types.ts";

export { planRuns };

/** Inputs of {@linkcode runExperiment}. */
export interface ExperimentInputs {
  /** The resolved configuration. */
  config: ExperimentConfig;
  /** Dataset description. */
  spec: DatasetSpec;
  /** The splits (validation already cut to `config.validationSize`, test to `testLimit`). */
  splits: ExperimentSplits;
  /** The LLM layer shared by every run. */
  llm: LlmGateway;
  /** The store (manifest already written). */
  store: ExperimentStore;
  /** Quirk profile. */
  profile: Profile;
  /** The optimizer of each run (`optimizerOf(config)`). */
  optimizer: (run: RunKey) => PromptOptimizer;
  /** Cancels every run (they are marked `paused`). */
  signal?: AbortSignal;
  /** Called after each stored step of any run. */
  onStep?: (record: StepRecord) => void;
}

/** What {@linkcode runExperiment} returns. */
export interface ExperimentOutcome {
  /** Every run of the grid as stored at the end. */
  runs: RunRow[];
  /** Counts by final status. */
  counts: Record<RunStatus, number>;
}

/**
 * Registers every run of the grid in the store and executes those not yet `done`, at most
 * `config.concurrency` at a time. Runs continue from their checkpoints, so calling this again on
 * the same store resumes an interrupted or paused experiment.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runExperiment } from "./experiment.ts";
 * import { optimizerOf, profileOf } from "./components.ts";
 * import { ExperimentStore } from "./store.ts";
 * import { createDryRunLlm } from "../llm/llm.ts";
 * import { toyExperimentConfig, toyExperimentData } from "../testing/toy_experiment.ts";
 * const config = toyExperimentConfig("runs/toy", { modes: ["SSC"], gates: ["none"] });
 * const { spec, splits } = toyExperimentData();
 * const llm = createDryRunLlm({ seed: 1 });
 * const store = ExperimentStore.open(":memory:");
 * const outcome = await runExperiment({ config, spec, splits, llm, store,
 *   profile: profileOf(config), optimizer: optimizerOf(config) });
 * assert.ok(outcome.counts.done === 1);
 * store.close();
 * llm.close();
 * ```
 */
export async function runExperiment(inputs: ExperimentInputs): Promise<ExperimentOutcome> {
  const { config, store } = inputs;
  const criteria = inputs.spec.criteria.map((c) => c.name);
  const rows = planRuns(config, criteria).map((key) => store.ensureRun(key, config.seed + key.run));
  const queue = rows.filter((row) => row.status !== "done");
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      if (inputs.signal?.aborted) {
        store.setRunStatus(row.runId, "paused", "cancelled");
        continue;
      }
      const environment = {
        llm: inputs.llm,
        store,
        spec: inputs.spec,
        splits: inputs.splits,
        profile: inputs.profile,
        steps: config.steps,
        batchSize: config.batchSize,
        optimizer: inputs.optimizer,
        sampling: config.sampling,
        reuseEvaluations: config.reuseEvaluations,
        parseFailureTolerance: config.parseFailureTolerance,
        signal: inputs.signal,
        onStep: inputs.onStep,
      };
      await withRunId(row.runId, () => runOne(environment, row!));
    }
  };
  const workers = Math.max(1, Math.min(config.concurrency, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const runs = rows.map((row) => store.run(row.runId)!);
  const counts: Record<RunStatus, number> = {
    pending: 0,
    running: 0,
    paused: 0,
    done: 0,
    failed: 0,
  };
  for (const run of runs) counts[run.status]++;
  return { runs, counts };
}
