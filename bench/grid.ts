/**
 * The grids and the latency model of `deno task bench`.
 *
 * @module
 */

/** The experiment settings a bench grid fixes (the rest are the experiment defaults). */
export interface BenchGrid {
  /** Dataset name. */
  dataset: "summeval";
  /** Quirk profile. */
  profile: "paper" | "default";
  /** Modes. */
  modes: string[];
  /** Gates. */
  gates: string[];
  /** Runs per configuration. */
  runs: number;
  /** Steps after step 0. */
  steps: number;
  /** Validation rows of the gate. */
  validationSize: number;
  /** Test rows (all when absent). */
  testLimit?: number;
  /** Seed. */
  seed?: number;
  /** Runs executed at once (the bench starts them all). */
  concurrency?: number;
  /** Opt-in reuse of evaluations of unchanged prompts. */
  reuseEvaluations?: boolean;
}

/** The paper's SummEval grid: 5 modes × 2 gates × 3 runs × 12 steps on the full test split. */
export const PAPER_GRID: BenchGrid = {
  dataset: "summeval",
  profile: "paper",
  modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
  gates: ["mae", "none"],
  runs: 3,
  steps: 12,
  validationSize: 100,
  seed: 42,
  concurrency: 64,
};

/** The reduced grid of CI: every mode and gate, one run, two steps, 24 test and 10 validation rows. */
export const REDUCED_GRID: BenchGrid = {
  ...PAPER_GRID,
  runs: 1,
  steps: 2,
  validationSize: 10,
  testLimit: 24,
};

/** The endpoint's latency model, in model milliseconds (before time scaling). */
export interface BenchLatency {
  /** Time to first token. */
  baseMs: number;
  /** Decoding time per completion token. */
  perOutputTokenMs: number;
  /** Uniform relative jitter (±). */
  relativeJitter: number;
}

/** 300 ms to the first token, 4 ms per completion token, ±20 %. */
export const DEFAULT_LATENCY: BenchLatency = {
  baseMs: 300,
  perOutputTokenMs: 4,
  relativeJitter: 0.2,
};
