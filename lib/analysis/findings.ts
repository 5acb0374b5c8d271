import type { Example } from "../data/types.ts";
import type {
  InstructionTokenLength,
  NoiseRepeat,
  OracleCombinationRecord,
  RatingKind,
  RatingRow,
} from "../experiment/diagnostic_rows.ts";
import type { ExperimentManifest, RunRow, StepMetric } from "../experiment/types.ts";
import type { JudgePrediction } from "../judge/predict.ts";
import type { RandomSource } from "../random.ts";
import { type ConfigLengths, lengthAsymmetry } from "./length_asymmetry.ts";
import { mainTable, type MainTableRow } from "./main_table.ts";
import { type NoiseBand, noiseBand } from "./noise_band.ts";
import { type OracleTable, oracleTable } from "./oracle_table.ts";
import { type RatingReport, summarizeRatings } from "./rating_summary.ts";
import { type ConfigTrajectory, trajectories } from "./trajectories.ts";

/** The store queries the analyses read (an `ExperimentStore` has them all). */
export interface FindingsSource {
  /** The manifest (for the dry-run flag). */
  manifest(): ExperimentManifest | null;
  /** Every run. */
  runs(): RunRow[];
  /** Metrics of a run. */
  stepMetrics(runId: string, options?: { split?: string }): StepMetric[];
  /** Predictions of a run at a step. */
  predictions(runId: string, step: number, split?: string): JudgePrediction[];
  /** Rater scores. */
  ratings(options?: { kind?: RatingKind; runId?: string }): RatingRow[];
  /** The noise-only control. */
  noiseRepeats(): NoiseRepeat[];
  /** Oracle combinations. */
  oracleCombinations(): OracleCombinationRecord[];
  /** Instruction lengths in tokens. */
  instructionTokenLengths(options?: { runId?: string }): Promise<InstructionTokenLength[]>;
}

/** Options of {@linkcode findingsOf}. */
export interface FindingsOptions {
  /** Seeded source of every bootstrap interval. */
  random: RandomSource;
  /** Bootstrap resamples. Default 2000. */
  resamples?: number;
  /** The test split (labels for the oracle table); without it the oracle table is skipped. */
  test?: readonly Example[];
}

/** Every analysis of an experiment store. */
export interface Findings {
  /** True when the store's outputs are synthetic (dry-run backend). */
  dryRun: boolean;
  /** Runs. */
  runs: RunRow[];
  /** Trajectories per configuration (test Spearman). */
  trajectories: ConfigTrajectory[];
  /** The main table. */
  mainTable: MainTableRow[];
  /** The noise floor, when the noise control ran. */
  noise: NoiseBand | null;
  /** Gradient specificity, when rated. */
  specificity: RatingReport | null;
  /** Feedback adherence, when rated. */
  adherence: RatingReport | null;
  /** One oracle table per stored combination (needs `test`). */
  oracle: OracleTable[];
  /** The stored combinations, aligned with `oracle`. */
  oracleRecords: OracleCombinationRecord[];
  /** Instruction lengths per configuration. */
  lengths: ConfigLengths[];
}

/**
 * Runs every analysis of `lib/analysis/` on a store. The oracle table compares the combination
 * with the seed prompt's test predictions (the first noise repeat, else the first multi-criterion
 * run's step 0) and with each picked Single run's predictions at its picked step.
 *
 * @param store An experiment store (or anything with its queries).
 * @param options Seeded source, resamples, the test split.
 * @returns The findings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExperimentStore } from "../experiment/store.ts";
 * import { seededRandom } from "../random.ts";
 * import { findingsOf } from "./findings.ts";
 * const store = ExperimentStore.open(":memory:");
 * const findings = await findingsOf(store, { random: seededRandom(1) });
 * assert.equal(findings.trajectories.length, 0);
 * store.close();
 * ```
 */
export async function findingsOf(
  store: FindingsSource,
  options: FindingsOptions,
): Promise<Findings> {
  const runs = store.runs();
  const runMetrics = runs.map((run) => ({
    run,
    metrics: store.stepMetrics(run.runId, { split: "test" }),
  }));
  const trajectoriesOf = trajectories(runMetrics);
  const repeats = store.noiseRepeats();
  const ratingsOf = (kind: RatingKind) => {
    const rows = store.ratings({ kind });
    return rows.length === 0
      ? null
      : summarizeRatings(rows, runs, { random: options.random, resamples: options.resamples });
  };
  const specificity = ratingsOf("specificity");
  const adherence = ratingsOf("adherence");
  const oracle: OracleTable[] = [];
  const oracleRecords: OracleCombinationRecord[] = [];
  if (options.test) {
    const base = runs.find((r) => r.mode !== "Single" && r.lastStep >= 0);
    const initial = repeats.length > 0
      ? [...repeats].sort((a, b) => a.repeat - b.repeat)[0].predictions
      : base
      ? store.predictions(base.runId, 0, "test")
      : [];
    for (const record of store.oracleCombinations()) {
      const single = Object.fromEntries(
        Object.entries(record.picks).flatMap(([c, pick]) =>
          pick.runId === null ? [] : [[c, store.predictions(pick.runId, pick.step, "test")]]
        ),
      );
      oracleRecords.push(record);
      oracle.push(oracleTable({ record, test: options.test, initial, single }, {
        random: options.random,
        resamples: options.resamples,
      }));
    }
  }
  return {
    dryRun: store.manifest()?.dryRun ?? false,
    runs,
    trajectories: trajectoriesOf,
    mainTable: mainTable(trajectoriesOf),
    noise: repeats.length > 0 ? noiseBand(repeats) : null,
    specificity,
    adherence,
    oracle,
    oracleRecords,
    lengths: lengthAsymmetry(await store.instructionTokenLengths(), runs),
  };
}
