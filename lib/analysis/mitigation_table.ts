/**
 * The mitigation study's table: each arm against the baseline on the paper's yardstick —
 * per-criterion and average Spearman with a paired bootstrap interval of the difference, whether
 * that difference exceeds the noise-only control, specificity and adherence, HVI, the spread of
 * instruction lengths across criteria, and calls and dollars per step.
 *
 * @module
 */
import type { ExperimentConfig } from "../experiment/config.ts";
import { profileOf } from "../experiment/components.ts";
import { loadExperimentData } from "../experiment/dataset.ts";
import { readMitigationStudy } from "../experiment/mitigation_study.ts";
import { ExperimentStore } from "../experiment/store.ts";
import type { Example } from "../data/types.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import { spearman } from "../metrics/spearman.ts";
import { type RandomSource, seededRandom } from "../random.ts";
import { finiteMean } from "./_stats.ts";
import { findingsOf } from "./findings.ts";

/** One row: an arm in one configuration (mode × gate), runs averaged. */
export interface MitigationRow {
  /** Arm (`baseline` or a switch name). */
  arm: string;
  /** Mode. */
  mode: string;
  /** Gate. */
  gate: string;
  /** Test Spearman per criterion at the last step, mean over runs. */
  perCriterion: Record<string, number>;
  /** Mean over criteria of the above. */
  average: number;
  /** `average − baseline's average` (`null` for the baseline). */
  delta: number | null;
  /** 95 % paired bootstrap interval of `delta` (test examples resampled for both arms at once). */
  deltaLow: number | null;
  /** Upper end of the interval. */
  deltaHigh: number | null;
  /**
   * True when the interval excludes 0 and |delta| exceeds the range of the baseline's noise-only
   * repeats; `null` without a difference or without the noise control.
   */
  exceedsNoise: boolean | null;
  /** Mean gradient specificity (1–10) of the configuration, when rated. */
  specificity: number | null;
  /** Mean feedback adherence (1–10), when rated. */
  adherence: number | null;
  /** Cumulative HVI at the last step. */
  hvi: number | null;
  /** Largest minus smallest run-averaged instruction length (tokens) at the last step. */
  lengthSpread: number | null;
  /**
   * LLM calls per step the configuration makes, by role (evaluations included; calls answered
   * from the study's shared cache count too: it is what the configuration costs on its own).
   * Each distinct call of a run counts once (a step resumed after a kill asks its calls again),
   * and the post-hoc raters' calls are left out (they measure, they are not the step's cost).
   */
  callsPerStep: Record<string, number>;
  /** Dollars per step at the configured prices (a shared call costs what it cost when sent). */
  usdPerStep: number;
  /**
   * Share of the judge's input tokens the endpoint reported as served from its prompt cache
   * (`null` when it reported none: the dry run and endpoints without prompt caching).
   */
  judgeCachedShare: number | null;
  /**
   * The specificity router's decisions over the configuration's steps (runs summed): steps that
   * fell back to per-criterion gradients and steps that kept the combined ones; `null` where no
   * router ran.
   */
  routing?: { fallback: number; kept: number } | null;
  /** True when the arm's outputs are synthetic. */
  dryRun: boolean;
}

/** The table and what it was computed from. */
export interface MitigationTable {
  /** One row per arm × mode × gate (baseline first). */
  rows: MitigationRow[];
  /** Range (max − min) of the baseline's noise-only average ρ, when the noise control ran. */
  noiseRange: number | null;
  /** True when any arm is synthetic. */
  dryRun: boolean;
}

/** Options of {@linkcode mitigationTable}. */
export interface MitigationTableOptions {
  /** Seed of the bootstrap. Default 42. */
  seed?: number;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** The test split (default: loaded from the baseline's configuration). */
  test?: readonly Example[];
}

interface ArmData {
  name: string;
  store: ExperimentStore;
  config: ExperimentConfig;
}

/** Mean over runs of the average ρ over criteria, on the examples at `indices`. */
function averageRho(
  runs: JudgePrediction[][],
  test: readonly Example[],
  criteria: readonly string[],
  indices: readonly number[],
): number {
  const perRun = runs.map((predictions) => {
    const byId = new Map(predictions.map((p) => [p.exampleId, p]));
    return finiteMean(criteria.map((c) => {
      const pred = indices.map((i) => byId.get(test[i].id)?.scores[c] ?? null);
      const gold = indices.map((i) => test[i].labels[c]);
      return spearman(pred, gold, { constant: "zero" }).value;
    }));
  });
  return finiteMean(perRun);
}

function pairedInterval(
  arm: JudgePrediction[][],
  base: JudgePrediction[][],
  test: readonly Example[],
  criteria: readonly string[],
  random: RandomSource,
  resamples: number,
): [number, number] {
  const ids = new Set(arm.flat().map((p) => p.exampleId));
  const usable = test.map((_, i) => i).filter((i) => ids.has(test[i].id));
  const diffs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = usable.map(() => usable[Math.floor(random.next() * usable.length)]);
    const d = averageRho(arm, test, criteria, sample) - averageRho(base, test, criteria, sample);
    if (Number.isFinite(d)) diffs.push(d);
  }
  diffs.sort((a, b) => a - b);
  const at = (q: number) => diffs[Math.min(diffs.length - 1, Math.floor(q * diffs.length))];
  return diffs.length === 0 ? [NaN, NaN] : [at(0.025), at(0.975)];
}

/**
 * The table of a study written by `runMitigationStudy` (its `<out>/study.json`). Ratings and
 * the noise control are used when `deno task rate` (or `rateExperiment` / `runNoiseControl`)
 * added them to the arms' stores.
 *
 * @throws {Error} When the study or an arm's store is missing.
 *
 * @example
 * ```ts ignore
 * const table = await mitigationTable("runs/mitigations");
 * console.log(table.rows.map((r) => `${r.arm} ${r.mode} ${r.delta}`));
 * ```
 */
export async function mitigationTable(
  out: string,
  options: MitigationTableOptions = {},
): Promise<MitigationTable> {
  const arms: ArmData[] = [];
  for (const arm of await readMitigationStudy(out)) {
    const store = ExperimentStore.open(`${arm.out}/experiment.sqlite`);
    const config = store.manifest()?.config as ExperimentConfig | undefined;
    if (!config) throw new Error(`${arm.out}: the store has no manifest`);
    arms.push({ name: arm.name, store, config });
  }
  try {
    const baseline = arms.find((a) => a.name === "baseline") ?? arms[0];
    const test = options.test ??
      (await loadExperimentData(baseline.config, profileOf(baseline.config))).splits.test;
    const random = seededRandom(options.seed ?? 42);
    const resamples = options.resamples ?? 1000;
    const findings = new Map<string, Awaited<ReturnType<typeof findingsOf>>>();
    for (const arm of arms) {
      findings.set(arm.name, await findingsOf(arm.store, { random, resamples: 200 }));
    }
    const sentCost = new Map<string, number>();
    for (const arm of arms) {
      for (const c of arm.store.calls()) if (!c.cached) sentCost.set(c.key, c.costUsd);
    }
    const noise = findings.get(baseline.name)!.noise;
    const noiseRange = noise ? noise.average.max - noise.average.min : null;
    const rows: MitigationRow[] = [];
    const finalPredictions = (arm: ArmData, mode: string, gate: string) =>
      arm.store.runs()
        .filter((r) => r.mode === mode && r.gate === gate)
        .sort((a, b) => a.run - b.run)
        .map((r) => arm.store.predictions(r.runId, r.lastStep ?? 0));
    for (const arm of arms) {
      const f = findings.get(arm.name)!;
      const ratingKeys = new Set(arm.store.ratings().flatMap((r) => r.callKey ? [r.callKey] : []));
      for (const t of f.trajectories) {
        if (t.mode === "Single") continue;
        const last = t.steps.at(-1) ?? 0;
        const perCriterion = Object.fromEntries(
          t.criteria.map((c) => [c, t.perCriterion[c].find((p) => p.step === last)?.mean ?? NaN]),
        );
        const average = t.average.find((p) => p.step === last)?.mean ?? NaN;
        const base = rows.find((r) =>
          r.arm === baseline.name && r.mode === t.mode && r.gate === t.gate
        );
        let delta: number | null = null, low: number | null = null, high: number | null = null;
        if (arm !== baseline && base) {
          delta = average - base.average;
          [low, high] = pairedInterval(
            finalPredictions(arm, t.mode, t.gate),
            finalPredictions(baseline, t.mode, t.gate),
            test,
            t.criteria,
            random,
            resamples,
          );
        }
        const rating = (report: typeof f.specificity) =>
          report?.groups.find((g) =>
            g.mode === t.mode && g.gate === t.gate && g.criterion === "all"
          )
            ?.mean ?? null;
        const lengths = f.lengths.find((l) => l.mode === t.mode && l.gate === t.gate);
        const lastLengths = lengths
          ? Object.values(lengths.perCriterion).map((points) => points.at(-1)?.tokens ?? NaN)
          : [];
        const runIds = new Set(
          arm.store.runs().filter((r) => r.mode === t.mode && r.gate === t.gate).map((r) =>
            r.runId
          ),
        );
        const calls = [...arm.store.calls()].filter((c) => c.runId !== null && runIds.has(c.runId));
        const steps = Math.max(1, last) * Math.max(1, runIds.size);
        const callsPerStep: Record<string, number> = {};
        let usd = 0;
        const counted = new Set<string>();
        for (const c of calls) {
          if (c.error !== null && c.error !== undefined) continue;
          if (ratingKeys.has(c.key)) continue;
          const id = `${c.runId}\u0000${c.key}`;
          if (counted.has(id)) continue;
          counted.add(id);
          callsPerStep[c.role] = (callsPerStep[c.role] ?? 0) + 1 / steps;
          usd += c.cached ? sentCost.get(c.key) ?? 0 : c.costUsd;
        }
        const routing = { fallback: 0, kept: 0 };
        for (const runId of runIds) {
          for (let step = 1; step <= last; step++) {
            for (const record of arm.store.stageRecords(runId, step, "router")) {
              const fallback = (record.data as { fallback?: unknown } | null)?.fallback;
              if (fallback === true) routing.fallback++;
              if (fallback === false) routing.kept++;
            }
          }
        }
        const judged = calls.filter((c) => c.role === "judge" && !c.cached && c.error === null);
        const cachedTokens = judged.reduce((sum, c) => sum + (c.cachedInputTokens ?? 0), 0);
        const inputTokens = judged.reduce((sum, c) => sum + c.inputTokens, 0);
        rows.push({
          arm: arm.name,
          mode: t.mode,
          gate: t.gate,
          perCriterion,
          average,
          delta,
          deltaLow: low,
          deltaHigh: high,
          exceedsNoise: delta === null || noiseRange === null || low === null || high === null
            ? null
            : (low > 0 || high < 0) && Math.abs(delta) > noiseRange,
          specificity: rating(f.specificity),
          adherence: rating(f.adherence),
          hvi: t.hvi.at(-1) ?? null,
          lengthSpread: lastLengths.length > 0
            ? Math.max(...lastLengths) - Math.min(...lastLengths)
            : null,
          callsPerStep,
          usdPerStep: usd / steps,
          routing: routing.fallback + routing.kept > 0 ? routing : null,
          judgeCachedShare: cachedTokens > 0 && inputTokens > 0 ? cachedTokens / inputTokens : null,
          dryRun: f.dryRun,
        });
      }
    }
    return { rows, noiseRange, dryRun: rows.some((r) => r.dryRun) };
  } finally {
    for (const arm of arms) arm.store.close();
  }
}
