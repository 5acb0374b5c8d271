/**
 * Shapes shared by the experiment store, the run loop and the CLI.
 *
 * @module
 */
import type { Evaluation, JudgePrediction, PromptState } from "../judge/mod.ts";
import type { GateDecision, GateState, StageRecord } from "../loop/mod.ts";

/** Which prompt optimizer a run uses. */
export type Algorithm = "textgrad" | "opro";

/** Lifecycle of one run in the store. */
export type RunStatus = "pending" | "running" | "paused" | "done" | "failed";

/** One cell of the experiment grid: a configuration and a run index. */
export interface RunKey {
  /** Optimizer algorithm. */
  algorithm: Algorithm;
  /** Mode name (`SSS`, `SSC`, `SCC`, `CCC`, `Single`). */
  mode: string;
  /** Validation gate metric (`none`, `mae`, `spearman`, `off-by-one`). */
  gate: string;
  /** Run index, 1-based. */
  run: number;
  /** The single criterion a `Single`-mode run optimizes; `null` for multi-criterion modes. */
  criterion: string | null;
}

/** A run as stored: its key, identity and progress. */
export interface RunRow extends RunKey {
  /** Stable id, e.g. `textgrad/SSS/mae/r1` or `textgrad/Single/none/r2/fluency`. */
  runId: string;
  /** Seed of this run (experiment seed + run index). */
  seed: number;
  /** Where the run stands. */
  status: RunStatus;
  /** Last completed step (`-1` before step 0 completed). */
  lastStep: number;
  /** Error or pause reason, if any. */
  message: string | null;
}

/** Length of one criterion's instruction. */
export interface InstructionLength {
  /** Criterion name. */
  criterion: string;
  /** Characters. */
  chars: number;
  /** Whitespace-separated words. */
  words: number;
}

/** A labelled evaluation of a prompt on a split (test, or the gate's validation sample). */
export interface SplitEvaluation {
  /** `test`, `train`, `val-incumbent`, `val-candidate`. */
  split: string;
  /** The evaluation. */
  evaluation: Evaluation;
}

/** Everything one completed step produced; the store writes it in one transaction. */
export interface StepRecord {
  /** Run the step belongs to. */
  runId: string;
  /** Step number; 0 is the seed-prompt evaluation. */
  step: number;
  /** The current prompt after the step (after accept or rollback). */
  prompt: PromptState;
  /** The judge prompt rendered with the first test example, as the judge saw it. */
  renderedPrompt: string;
  /** The optimizer's candidate (step ≥ 1). */
  candidate: PromptState | null;
  /** Whether the candidate was accepted (`null` at step 0). */
  accepted: boolean | null;
  /** The gate's decision (step ≥ 1). */
  gate: GateDecision | null;
  /** Gate state carried to the next step. */
  gateState: GateState;
  /** Optimizer state carried to the next step (`StepTrace.state`, e.g. OPRO's trajectory). */
  optimizerState: unknown;
  /** Ids of the training batch (empty at step 0). */
  batchIds: string[];
  /** Predictions of the judge on the training batch. */
  trainPredictions: JudgePrediction[];
  /** Stage records (loss critiques, gradients, optimizer proposals, OPRO meta-prompts). */
  stages: StageRecord[];
  /** The current prompt's evaluation on the test split. */
  test: Evaluation;
  /** The gate's validation evaluations. */
  validation: SplitEvaluation[];
  /** Wall-clock duration of the step. */
  durationMs: number;
}

/** One metric value of one criterion at one step, as stored. */
export interface StepMetric {
  /** Step number. */
  step: number;
  /** Split the metric was computed on. */
  split: string;
  /** Criterion name, or `_average` for the mean over criteria. */
  criterion: string;
  /** Metric name (`spearman`, `mae`, …). */
  metric: string;
  /** Value (`NaN` when undefined). */
  value: number;
  /** Pairs used (for `_average`: criteria averaged). */
  n: number;
  /** Pairs dropped as missing. */
  missing: number;
}

/** One LLM call as logged (from the LLM layer's `onCall` event). */
export interface CallLogEntry {
  /** Run that made the call (`null` outside runs, e.g. in a notebook). */
  runId: string | null;
  /** Cache key of the call. */
  key: string;
  /** Role that answered. */
  role: string;
  /** Request label. */
  label: string | null;
  /** The request (messages, draw, sampling) as JSON. */
  request: unknown;
  /** Completion text (empty on error). */
  text: string;
  /** Model that answered. */
  model: string;
  /** Input tokens. */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
  /** Dollars charged (0 for cache hits). */
  costUsd: number;
  /** Served from the call cache. */
  cached: boolean;
  /** Produced by the dry-run backend. */
  dryRun: boolean;
  /** Error message when the call failed. */
  error: string | null;
  /** Start time, ms since epoch. */
  startedAt: number;
  /** Duration in ms. */
  durationMs: number;
  /** Requests sent for the call: 1 plus its retries (1 for cache hits; 1 when absent). */
  attempts?: number;
  /** Error class of each retried request, in order (`RateLimitError`, `TimeoutError`, …). */
  retryErrors?: string[];
  /** The model's reasoning (`<think>` blocks or a reasoning field), kept out of `text`. */
  reasoning?: string | null;
  /** The part of `outputTokens` the endpoint reported as reasoning. */
  reasoningTokens?: number;
  /**
   * The part of `inputTokens` the endpoint served from its prompt cache, as it reported it (0
   * when it reported none, and for the kit's own cache hits).
   */
  cachedInputTokens?: number;
}

/** Model and sampling settings of one role, as recorded in the manifest. */
export interface RoleManifest {
  /** Model name. */
  model: string;
  /** Sampling temperature. */
  temperature?: number;
  /** Completion token cap. */
  maxTokens?: number;
  /** Endpoint identity (base URL), never a key. */
  endpoint?: string;
  /** Provider preset the role's requests were written with. */
  provider?: string;
  /**
   * What was sent, resolved: the wire format (token-limit field, whether temperature and seed
   * were sent, reasoning-effort field, how thinking is turned off, strict schemas), the reasoning
   * effort and thinking switch, and the structured-output form.
   */
  wire?: {
    format: Record<string, unknown>;
    reasoningEffort: string | null;
    thinking: boolean | null;
    structuredOutput: string;
  };
}

/** What an experiment was: written once when the store is created, checked on resume. */
export interface ExperimentManifest {
  /** Version of the kit that created the store. */
  kitVersion: string;
  /** ISO time of creation. */
  createdAt: string;
  /** True when every output is synthetic (dry-run backend). */
  dryRun: boolean;
  /** Backend name (`openai`, `dry-run`). */
  backend: string;
  /** Dataset identity: name, data checksum, split sizes and options. */
  dataset: { name: string; checksum: string; train: number; validation: number; test: number };
  /** Profile name and every quirk flag. */
  profile: {
    name: string;
    quirks: Record<string, boolean>;
    /** The profile's re-ask, tolerance and sampling settings (absent in older stores). */
    settings?: Record<string, number | boolean | string>;
  };
  /** The resolved components: the optimizer with its options (TextGrad: each mode's stages). */
  components?: Record<string, unknown>;
  /** Model, temperature and max tokens per role. */
  roles: Record<string, RoleManifest>;
  /** The resolved experiment configuration (grid, seeds, split options, sizes). */
  config: Record<string, unknown>;
}

/** The state a run continues from: what its last completed step left behind. */
export interface RunCheckpoint {
  /** Last completed step. */
  step: number;
  /** Current prompt after that step. */
  prompt: PromptState;
  /** Gate state after that step. */
  gateState: GateState;
  /** Optimizer state after that step. */
  optimizerState: unknown;
}
