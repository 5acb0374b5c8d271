/**
 * One optimization run: step 0 evaluates the seed prompt on the test split; each step 1..N draws a
 * training batch, lets the optimizer propose, gates the candidate, accepts or rolls back, evaluates
 * the current prompt on the test split and stores the whole step in one transaction.
 *
 * A run continues from its store checkpoint: completed steps are never recomputed, the interrupted
 * step re-runs (its calls hit the call cache).
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/mod.ts";
import {
  evaluatePrompt,
  type Evaluation,
  type PromptState,
  renderJudgePrompt,
  seedPrompt,
} from "../judge/mod.ts";
import { BudgetExceededError, CancelledError } from "../llm/errors.ts";
import type { LlmGateway } from "../llm/types.ts";
import {
  evaluationOptions,
  type GateEvaluations,
  type GateMetric,
  type GateState,
  isGateMetric,
  parseFailureCounting,
  type Profile,
  type PromptOptimizer,
  runGate,
  stepDraw,
  trainingBatch,
} from "../loop/mod.ts";
import { checkParseFailures, stepParseFailures } from "./parse_failures.ts";
import type { ExperimentStore } from "./store.ts";
import type { RunKey, RunRow, RunStatus, SplitEvaluation, StepRecord } from "./types.ts";

/** The three splits a run reads. */
export interface ExperimentSplits {
  /** Training rows (batches are drawn from them). */
  train: Example[];
  /** The gate's validation sample. */
  validation: Example[];
  /** The test rows evaluated at every step. */
  test: Example[];
}

/** What a run needs besides its row in the store. */
export interface RunEnvironment {
  /** The LLM layer (one instance shared by every run of the experiment). */
  llm: LlmGateway;
  /** The store the run reads its checkpoint from and writes its steps to. */
  store: ExperimentStore;
  /** Dataset description. */
  spec: DatasetSpec;
  /** The splits. */
  splits: ExperimentSplits;
  /** Quirk profile. */
  profile: Profile;
  /** Steps after step 0. */
  steps: number;
  /** Training examples per step. */
  batchSize: number;
  /**
   * The optimizer of a run (TextGrad with the run's mode, OPRO). It must keep no state between
   * steps besides `optimizerState`.
   */
  optimizer: (run: RunKey) => PromptOptimizer;
  /**
   * `independent` (default): every configuration samples its own LLM answers, as in the paper;
   * `paired`: configurations that send identical calls share the answers (common random numbers).
   */
  sampling?: Sampling;
  /**
   * Score an unchanged prompt on the same rows once and reuse the answers (see
   * `ExperimentConfig.reuseEvaluations`). Default false: every evaluation samples the judge anew.
   */
  reuseEvaluations?: boolean;
  /** Overrides `profile.parseFailureTolerance` (the judge parse failures that stop a run). */
  parseFailureTolerance?: number;
  /** Cancels the run; it is then marked `paused`. */
  signal?: AbortSignal;
  /** Called after each stored step. */
  onStep?: (record: StepRecord) => void;
}

/**
 * Runs (or continues) one run to its last step and returns its final status: `done`, `paused`
 * (budget reached or cancelled: resumable) or `failed` (the error is stored as the run's message).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runOne } from "./run.ts";
 * import { openExperiment } from "./setup.ts";
 * import { toyExperimentConfig, toyExperimentData } from "../testing/toy_experiment.ts";
 * const experiment = await openExperiment(toyExperimentConfig("runs/toy", { steps: 1 }), {
 *   data: toyExperimentData(),
 *   inMemory: true,
 * });
 * const { store, llm, data, profile, optimizer } = experiment;
 * const row = store.ensureRun(
 *   { algorithm: "textgrad", mode: "CCC", gate: "mae", run: 1, criterion: null },
 *   43,
 * );
 * const status = await runOne(
 *   { llm, store, spec: data.spec, splits: data.splits, profile, steps: 1, batchSize: 3, optimizer },
 *   row,
 * );
 * assert.ok(status === "done" && store.steps(row.runId).length === 2);
 * experiment.close();
 * ```
 */
export async function runOne(env: RunEnvironment, row: RunRow): Promise<RunStatus> {
  const { store } = env;
  store.setRunStatus(row.runId, "running");
  try {
    await continueRun(env, row);
    store.setRunStatus(row.runId, "done");
    return "done";
  } catch (error) {
    const paused = error instanceof BudgetExceededError || error instanceof CancelledError ||
      env.signal?.aborted === true;
    const status: RunStatus = paused ? "paused" : "failed";
    store.setRunStatus(row.runId, status, (error as Error).message ?? String(error));
    return status;
  }
}

async function continueRun(env: RunEnvironment, row: RunRow): Promise<void> {
  const { llm, spec, splits, profile, store, signal } = env;
  const optimizer = env.optimizer(row);
  const criteria = row.criterion === null ? spec.criteria.map((c) => c.name) : [row.criterion];
  const seed = seedPrompt(spec, row.criterion === null ? undefined : criteria);
  const drawScope = (env.sampling ?? "independent") === "paired" ? undefined : configurationOf(row);
  const draw = (step: number, purpose?: string) =>
    stepDraw({ run: row.run, step, drawScope }, purpose);
  const checkpoint = store.checkpoint(row.runId);
  let prompt = checkpoint?.prompt ?? seed;
  let gateState: GateState = checkpoint?.gateState ?? {};
  let optimizerState: unknown = checkpoint?.optimizerState ?? undefined;
  const evaluateTest = (current: PromptState, step: number): Promise<Evaluation> =>
    evaluatePrompt(llm, spec, current, splits.test, {
      criteria,
      draw: env.reuseEvaluations ? REUSED_TEST_DRAW : draw(step, "test"),
      label: `run ${row.run} step ${step} test`,
      priority: "bulk",
      ...evaluationOptions(profile),
      signal,
    });
  const save = (
    record: Omit<StepRecord, "runId" | "renderedPrompt" | "durationMs">,
    t0: number,
  ) => {
    const full: StepRecord = {
      ...record,
      runId: row.runId,
      renderedPrompt: renderJudgePrompt(spec, record.prompt, splits.test[0], { criteria }),
      durationMs: performance.now() - t0,
    };
    const tolerance = env.parseFailureTolerance ?? profile.parseFailureTolerance;
    const counts = stepParseFailures(full, { evaluation: parseFailureCounting(profile) });
    checkParseFailures(counts, tolerance, `${row.runId} step ${record.step}`);
    store.saveStep(full);
    env.onStep?.(full);
  };

  // A step's test evaluation does not block the next step's proposal: it runs alongside, and
  // each step is stored (in order) once its test evaluation is done. At most one step waits.
  let storing: Promise<void> = Promise.resolve();
  const storeAfterTest = (
    record: Omit<StepRecord, "runId" | "renderedPrompt" | "durationMs" | "test">,
    t0: number,
  ) => {
    const test = evaluateTest(record.prompt, record.step);
    test.catch(() => {}); // Reported when `storing` is awaited.
    const previous = storing;
    storing = (async () => {
      const evaluation = await test;
      await previous;
      save({ ...record, test: evaluation }, t0);
    })();
    storing.catch(() => {});
    return previous;
  };
  try {
    if (checkpoint === null) {
      storeAfterTest({
        step: 0,
        prompt: seed,
        candidate: null,
        accepted: null,
        gate: null,
        gateState,
        optimizerState: optimizerState ?? null,
        batchIds: [],
        trainPredictions: [],
        stages: [],
        validation: [],
      }, performance.now());
    }
    for (let step = (checkpoint?.step ?? 0) + 1; step <= env.steps; step++) {
      if (signal?.aborted) throw new CancelledError(`${row.runId} cancelled before step ${step}`);
      const t0 = performance.now();
      const batch = trainingBatch(splits.train, {
        step,
        run: row.run,
        size: env.batchSize,
        profile,
        seed: row.seed,
      });
      const trace = await optimizer.propose({
        llm,
        spec,
        profile,
        prompt,
        seed,
        batch,
        criteria,
        step,
        run: row.run,
        drawScope,
        signal,
        train: splits.train,
        state: optimizerState,
      });
      const gate = await runGate(llm, spec, {
        metric: gateMetricOf(row.gate),
        incumbent: prompt,
        candidate: trace.candidate,
        validation: splits.validation,
        state: gateState,
        profile,
        criteria,
        draw: env.reuseEvaluations ? REUSED_VALIDATION_DRAW : draw(step),
        shareDraw: env.reuseEvaluations === true,
        label: `run ${row.run} step ${step}`,
        signal,
      });
      const accepted = gate.decision.accepted;
      prompt = accepted ? trace.candidate : prompt;
      gateState = roundTrip(gate.state) as GateState;
      optimizerState = roundTrip(trace.state);
      // The previous step must be stored before this one can be.
      await storeAfterTest({
        step,
        prompt,
        candidate: trace.candidate,
        accepted,
        gate: gate.decision,
        gateState,
        optimizerState: optimizerState ?? null,
        batchIds: batch.map((example: Example) => example.id),
        trainPredictions: trace.predictions,
        stages: trace.records,
        validation: labelValidation(gate.evaluations),
      }, t0);
    }
    await storing;
  } finally {
    // A failed step still lets the step before it finish storing; the store stays open until then.
    await storing.catch(() => {});
  }
}

/** The gate's evaluations as stored splits: the incumbent's (when re-measured), the candidate's. */
function labelValidation(evaluations: GateEvaluations): SplitEvaluation[] {
  const { incumbent, candidate } = evaluations;
  return [
    ...(incumbent ? [{ split: "val-incumbent", evaluation: incumbent }] : []),
    ...(candidate ? [{ split: "val-candidate", evaluation: candidate }] : []),
  ];
}

function gateMetricOf(name: string): GateMetric {
  if (!isGateMetric(name)) throw new RangeError(`Unknown gate metric: ${name}`);
  return name;
}

/** A resumed run reads optimizer state back from JSON; an uninterrupted one must see the same. */
function roundTrip(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * Draw keys of reused evaluations: the same for every run, step and configuration, so that the
 * same prompt on the same rows is the same request, answered once and then by the call cache.
 */
const REUSED_TEST_DRAW = "reuse/test";
const REUSED_VALIDATION_DRAW = "reuse/validation";

/** How configurations share LLM samples (see {@linkcode RunEnvironment.sampling}). */
export type Sampling = "independent" | "paired";

/** The configuration part of a run's identity: `<algorithm>/<mode>/<gate>[/<criterion>]`. */
function configurationOf(row: RunRow): string {
  const criterion = row.criterion === null ? "" : `/${row.criterion}`;
  return `${row.algorithm}/${row.mode}/${row.gate}${criterion}`;
}
