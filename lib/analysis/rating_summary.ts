import type { RatingKind, RatingRow } from "../experiment/diagnostic_rows.ts";
import type { RunRow } from "../experiment/types.ts";
import { bootstrapStratified } from "../metrics/bootstrap_stratified.ts";
import type { RandomSource } from "../random.ts";
import { finiteMean, sampleStd } from "./_stats.ts";
import type { Summary } from "./types.ts";

/** Modes whose gradients are per criterion (paper-method §7.4). */
export const PER_TASK_MODES: readonly string[] = ["Single", "SSS", "SSC"];
/** Modes whose gradients combine all criteria. */
export const COMBINED_MODES: readonly string[] = ["SCC", "CCC"];

/** Options of {@linkcode summarizeRatings}. */
export interface RatingSummaryOptions {
  /** Seeded source of the bootstrap resamples. */
  random: RandomSource;
  /** Resamples per interval. Default 2000. */
  resamples?: number;
  /** Modes counted as per-task. Default {@linkcode PER_TASK_MODES}. */
  perTaskModes?: readonly string[];
  /** Modes counted as combined. Default {@linkcode COMBINED_MODES}. */
  combinedModes?: readonly string[];
}

/** Ratings of one (mode, gate, criterion) group; `"all"` pools a dimension. */
export interface RatingGroup extends Summary {
  /** Mode. */
  mode: string;
  /** Gate, or `"all"`. */
  gate: string;
  /** Criterion, or `"all"`. */
  criterion: string;
  /** Ratings excluded because unparseable or out of range. */
  excluded: number;
}

/** The per-task vs combined drop of one gate (or `"all"` gates). */
export interface RatingDrop {
  /** Gate, or `"all"`. */
  gate: string;
  /** Mean of the per-task modes' means (the paper's 9.0 for specificity). */
  perTask: number;
  /** Mean of the combined modes' means (the paper's 3.7). */
  combined: number;
  /** `100 · (1 − combined / perTask)` (the paper's 59 %). */
  dropPercent: number;
  /** Bootstrap interval of the drop (ratings resampled within each mode). */
  low: number;
  /** Upper bound. */
  high: number;
  /** Modes that entered each side. */
  modes: { perTask: string[]; combined: string[] };
}

/** What {@linkcode summarizeRatings} returns. */
export interface RatingReport {
  /** Rater kind. */
  kind: RatingKind | "mixed";
  /** Every group (mode × gate × criterion, with `"all"` pooled levels). */
  groups: RatingGroup[];
  /** Drops per gate and over all gates. */
  drops: RatingDrop[];
  /** Ratings excluded overall. */
  excluded: number;
}

const mean = (v: readonly number[]) => finiteMean(v);

/**
 * Specificity or adherence per mode, gate and criterion (mean ± std, seeded bootstrap CI of the
 * mean), and the drop from per-task modes ({Single, SSS, SSC}) to combined ones ({SCC, CCC}) in
 * percent with a CI, computed as the paper does: mean of mode means on each side. Excluded
 * ratings (`rating: null`) are counted, never scored.
 *
 * @param ratings Rating rows of one kind.
 * @param runs Runs, to know each rating's mode and gate.
 * @param options Seeded source and resamples.
 * @returns Groups and drops.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "../random.ts";
 * import { summarizeRatings } from "./rating_summary.ts";
 * const run = (mode: string) => ({ algorithm: "textgrad" as const, mode, gate: "none", run: 1,
 *   criterion: null, runId: mode, seed: 1, status: "done" as const, lastStep: 1, message: null });
 * const rate = (runId: string, rating: number | null) => ({ runId, step: 1, criterion: "fluency",
 *   kind: "specificity" as const, rating, prompt: "", raw: "", callKey: null, dryRun: true });
 * const report = summarizeRatings(
 *   [rate("SSS", 8), rate("SSS", 10), rate("CCC", 4), rate("CCC", null)],
 *   [run("SSS"), run("CCC")],
 *   { random: seededRandom(1), resamples: 100 },
 * );
 * const all = report.drops.find((d) => d.gate === "all")!;
 * assert.equal(all.dropPercent, 100 * (1 - 4 / 9));
 * assert.equal(report.excluded, 1);
 * ```
 */
export function summarizeRatings(
  ratings: readonly RatingRow[],
  runs: readonly RunRow[],
  options: RatingSummaryOptions,
): RatingReport {
  const perTaskModes = options.perTaskModes ?? PER_TASK_MODES;
  const combinedModes = options.combinedModes ?? COMBINED_MODES;
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const rows = ratings.flatMap((r) => {
    const run = byId.get(r.runId);
    return run ? [{ ...r, mode: run.mode, gate: run.gate }] : [];
  });
  const bootstrap = { random: options.random, resamples: options.resamples };
  const summarize = (mode: string, gate: string, criterion: string): RatingGroup | null => {
    const members = rows.filter((r) =>
      r.mode === mode && (gate === "all" || r.gate === gate) &&
      (criterion === "all" || r.criterion === criterion)
    );
    if (members.length === 0) return null;
    const values = members.flatMap((r) => r.rating === null ? [] : [r.rating]);
    const ci = values.length === 0
      ? { low: NaN, high: NaN }
      : bootstrapStratified([values], ([v]) => mean(v), bootstrap);
    return {
      mode,
      gate,
      criterion,
      mean: mean(values),
      std: sampleStd(values),
      n: values.length,
      low: ci.low,
      high: ci.high,
      excluded: members.length - values.length,
    };
  };
  const modes = [...new Set(rows.map((r) => r.mode))];
  const gates = [...new Set(rows.map((r) => r.gate))];
  const criteria = [...new Set(rows.map((r) => r.criterion))];
  const groups: RatingGroup[] = [];
  for (const mode of modes) {
    for (const gate of ["all", ...gates]) {
      for (const criterion of ["all", ...criteria]) {
        const group = summarize(mode, gate, criterion);
        if (group) groups.push(group);
      }
    }
  }
  const drops = ["all", ...gates].flatMap((gate) => {
    const valuesOf = (mode: string) =>
      rows.filter((r) => r.mode === mode && (gate === "all" || r.gate === gate))
        .flatMap((r) => r.rating === null ? [] : [r.rating]);
    const perTask = perTaskModes.filter((m) => valuesOf(m).length > 0);
    const combined = combinedModes.filter((m) => valuesOf(m).length > 0);
    if (perTask.length === 0 || combined.length === 0) return [];
    const strata = [...perTask, ...combined].map(valuesOf);
    const drop = (groupsOf: number[][]) => {
      const a = mean(groupsOf.slice(0, perTask.length).map(mean));
      const b = mean(groupsOf.slice(perTask.length).map(mean));
      return 100 * (1 - b / a);
    };
    const ci = bootstrapStratified(strata, drop, bootstrap);
    return [{
      gate,
      perTask: mean(perTask.map((m) => mean(valuesOf(m)))),
      combined: mean(combined.map((m) => mean(valuesOf(m)))),
      dropPercent: ci.estimate,
      low: ci.low,
      high: ci.high,
      modes: { perTask, combined },
    }];
  });
  const kinds = new Set(ratings.map((r) => r.kind));
  return {
    kind: kinds.size === 1 ? [...kinds][0] : "mixed",
    groups,
    drops,
    excluded: rows.filter((r) => r.rating === null).length,
  };
}
