/**
 * The paper's published numbers (paper-method §9), as data, each with where it comes from. The
 * kit's tables and figures show them beside a run's values; they are the paper's results, never
 * this kit's.
 *
 * @module
 */

/** Where a reference value comes from. */
export type PaperSource = "blog" | "figure reading" | "inferred";

/** A number from the paper with its provenance. */
export interface PaperValue {
  /** The value. */
  value: number;
  /** Blog text/table, a value read off a published figure (approximate), or inferred. */
  source: PaperSource;
  /** Where exactly, and how precise. */
  note: string;
}

const blog = (value: number, note: string): PaperValue => ({ value, source: "blog", note });
const fig = (value: number, note: string): PaperValue => ({
  value,
  source: "figure reading",
  note,
});
const inferred = (value: number, note: string): PaperValue => ({ value, source: "inferred", note });

/** One row of the paper's main table (Table 1, MAE validation; §9.1) or its val=none reading (§9.2). */
export interface PaperMainRow {
  /** Mode. */
  mode: string;
  /** Gate. */
  gate: "mae" | "none";
  /** Initial ρ (mean over criteria, run-averaged). */
  initial: PaperValue | null;
  /** Best ρ. */
  best: PaperValue | null;
  /** Step of the best ρ. */
  bestStep: PaperValue | null;
  /** Best − initial. */
  delta: PaperValue | null;
  /** Final cumulative HVI, reference −1 (none for Single). */
  finalHvi: PaperValue | null;
  /** True when the configuration never beats step 0 (the blog's "6 of 10"). */
  neverImproves: boolean;
}

const T1 = "blog Table 1 (Qwen3, MAE validation, mean of 3 runs, test n=480)";
const V0 = "trajectories-qwen3.png, val=none row (±0.005 on ρ, ±0.02 on HVI)";

function t1(
  mode: string,
  initial: number,
  best: number,
  step: number,
  delta: number,
  hvi: number | null,
): PaperMainRow {
  return {
    mode,
    gate: "mae",
    initial: blog(initial, T1),
    best: blog(best, T1),
    bestStep: blog(step, T1),
    delta: blog(delta, T1),
    finalHvi: hvi === null ? null : blog(hvi, T1),
    neverImproves: step === 0,
  };
}

function v0(
  mode: string,
  initial: number,
  best: number | null,
  step: number,
  hvi: number | null,
): PaperMainRow {
  return {
    mode,
    gate: "none",
    initial: fig(initial, V0),
    best: best === null ? null : fig(best, V0),
    bestStep: fig(step, V0),
    delta: best === null ? null : fig(best - initial, `${V0}; difference of two readings`),
    finalHvi: hvi === null ? null : fig(hvi, V0),
    neverImproves: step === 0,
  };
}

/** Table 1 (val=mae, blog) and the val=none readings (figure), one row per (mode, gate). */
export const PAPER_MAIN_TABLE: readonly PaperMainRow[] = [
  t1("Single", 0.274, 0.305, 2, 0.031, null),
  t1("SSS", 0.284, 0.284, 0, 0, 2.749),
  t1("SSC", 0.289, 0.289, 0, 0, 2.832),
  t1("SCC", 0.282, 0.282, 0, 0, 2.801),
  t1("CCC", 0.285, 0.296, 9, 0.012, 2.900),
  v0("Single", 0.27, 0.285, 5, null),
  v0("SSS", 0.285, 0.285, 0, 2.85),
  { ...v0("SSC", 0.283, 0.29, 2, 2.845), initial: blog(0.283, "blog text (SSC, no validation)") },
  v0("SCC", 0.282, 0.282, 0, 2.77),
  v0("CCC", 0.287, 0.287, 0, 2.99),
];

/** The blog's count of configurations that never beat step 0. */
export const PAPER_NEVER_IMPROVE: PaperValue = blog(
  6,
  'blog: "6 of 10 configurations never improve" (SSS/SSC/SCC under mae, SSS/SCC/CCC under none)',
);

/** Noise floor: the spread of the identical step-0 prompt over the four multi-task modes. */
export const PAPER_NOISE_FLOOR: PaperValue = inferred(
  0.004,
  "half the 0.282–0.289 spread of Table 1's step-0 ρ, which share one prompt (§9.1)",
);

/** A row of Table 2 (the oracle / cherry-pick combination, §9.3). */
export interface PaperOracleRow {
  /** Row label as in the kit's oracle table. */
  method: "Initial" | "Single-Task best" | "Combined";
  /** ρ per criterion and `avg`. */
  values: Record<string, PaperValue>;
}

const T2 = "blog Table 2 (Qwen3, test n=480)";
function t2(
  method: PaperOracleRow["method"],
  [fluency, relevance, coherence, consistency, avg]: number[],
): PaperOracleRow {
  return {
    method,
    values: {
      fluency: blog(fluency, T2),
      relevance: blog(relevance, T2),
      coherence: blog(coherence, T2),
      consistency: blog(consistency, T2),
      avg: blog(avg, T2),
    },
  };
}

/** Table 2: Initial, Single-Task best (the Single run-mean at step 2, §9.3), Combined. */
export const PAPER_ORACLE_TABLE: readonly PaperOracleRow[] = [
  t2("Initial", [0.366, 0.208, 0.308, 0.256, 0.284]),
  t2("Single-Task best", [0.350, 0.168, 0.338, 0.363, 0.305]),
  t2("Combined", [0.303, 0.257, 0.215, 0.105, 0.220]),
];

/** Gradient specificity (1–10), Qwen3 runs, rated by Claude Sonnet 4.6 (§9.4). */
export const PAPER_SPECIFICITY: {
  byMode: Record<string, PaperValue>;
  perTask: PaperValue;
  combined: PaperValue;
  dropPercent: PaperValue;
  byCriterion: Record<string, Record<string, PaperValue>>;
} = {
  /** Per mode means read off the blog figure. */
  byMode: {
    Single: fig(8.97, "gradient-specificity.png (±0.02)"),
    SSS: fig(9.02, "gradient-specificity.png (±0.02)"),
    SSC: fig(9.03, "gradient-specificity.png (±0.02)"),
    SCC: fig(3.66, "gradient-specificity.png (±0.02)"),
    CCC: fig(3.71, "gradient-specificity.png (±0.02)"),
  },
  /** Mean of the per-task modes (Single, SSS, SSC); the blog's ± is undefined (§12.17). */
  perTask: blog(9.0, "blog: per-task modes 9.0 (±0.3)"),
  /** Mean of the combined modes (SCC, CCC). */
  combined: blog(3.7, "blog: combined-gradient modes 3.7 (±0.5)"),
  /** The drop in percent. */
  dropPercent: blog(59, "blog: 59% drop, round(100·(1 − 3.7/9.0))"),
  /** Per criterion under SCC and CCC (fluency and relevance are not given). */
  byCriterion: {
    SCC: {
      consistency: blog(2.6, "blog: consistency most diluted"),
      coherence: blog(4.8, "blog: coherence least diluted"),
    },
    CCC: {
      consistency: blog(2.4, "blog: consistency most diluted"),
      coherence: blog(5.1, "blog: coherence least diluted"),
    },
  },
};

/** Feedback adherence (1–10) per mode and gate (§9.5); SSC and SCC are not given. */
export const PAPER_ADHERENCE: Record<string, Record<string, PaperValue>> = {
  Single: { mae: blog(8.70, "blog: 8.70 ± 0.47"), none: blog(8.53, "blog: 8.53 ± 0.60") },
  SSS: { mae: blog(8.84, "blog: 8.84 ± 0.44"), none: blog(8.72, "blog: 8.72 ± 0.54") },
  CCC: { mae: blog(7.90, "blog: 7.90 ± 1.62"), none: blog(8.01, "blog: 8.01 ± 1.28") },
};

/** Trajectory landmarks (§9.6): step-0 HVI per mode under val=mae, and the SSC collapse. */
export const PAPER_TRAJECTORY_LANDMARKS: {
  initialHvi: Record<string, PaperValue>;
  sscNoneStep7: PaperValue;
  sssNoneStep4: PaperValue;
} = {
  /** HVI at step 0, val=mae (figure). */
  initialHvi: {
    SSS: fig(2.70, "trajectories-qwen3.png (±0.02)"),
    SSC: fig(2.75, "trajectories-qwen3.png (±0.02)"),
    SCC: fig(2.69, "trajectories-qwen3.png (±0.02)"),
    CCC: fig(2.71, "trajectories-qwen3.png (±0.02)"),
  },
  /** SSC without a gate drops to 0.184 by step 7. */
  sscNoneStep7: blog(0.184, 'blog: SSC (no validation) "drops to 0.184 by step 7"'),
  /** SSS val=none dips to ≈0.21 at step 4. */
  sssNoneStep4: fig(0.21, "trajectories-qwen3.png, val=none"),
};

/** Instruction lengths (§8): fluency grows to ≈800 tokens, relevance stays at ≈4. */
export const PAPER_LENGTHS: Record<string, PaperValue> = {
  fluency: blog(800, "blog: the fluency rubric grows to ≈800 tokens (no tokenizer named)"),
  relevance: blog(4, "blog: relevance stays at ≈4 tokens, the seed instruction"),
};

/**
 * The Table 1 row of a mode and gate, if the paper has one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paperMainRow } from "./paper_reference.ts";
 * assert.equal(paperMainRow("CCC", "mae")?.best?.value, 0.296);
 * assert.equal(paperMainRow("SSS", "spearman"), undefined);
 * ```
 */
export function paperMainRow(mode: string, gate: string): PaperMainRow | undefined {
  return PAPER_MAIN_TABLE.find((r) => r.mode === mode && r.gate === gate);
}
