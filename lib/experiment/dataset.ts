/**
 * Loads an experiment's dataset and cuts its splits as the configuration says.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { DatasetSpec, Example } from "../data/types.ts";
import {
  BRIGHTER_PAPER_RUN_SPLIT,
  BRIGHTER_SHA256,
  BRIGHTER_SPEC,
  brighterSplit,
  loadBrighter,
} from "../data/brighter.ts";
import { loadSummEval, SUMMEVAL_SHA256, SUMMEVAL_SPEC } from "../data/summeval.ts";
import { summevalSplit } from "../data/summeval_split.ts";
import {
  type DatasetSplit,
  DOCUMENT_SPLIT,
  PAPER_DISJOINT_SPLIT,
  PAPER_RUN_SPLIT,
  type SplitOptions as DataSplitOptions,
} from "../data/splits.ts";
import type { Profile } from "../loop/profile.ts";
import type { ExperimentConfig } from "./config.ts";
import type { ExperimentSplits } from "./run.ts";

/** A loaded dataset with the experiment's splits. */
export interface ExperimentData {
  /** Dataset description. */
  spec: DatasetSpec;
  /** Train, validation (cut to `validationSize`) and test (cut to `testLimit`). */
  splits: ExperimentSplits;
  /** SHA-256 of the source file the loader verified. */
  fileChecksum: string;
  /** SHA-256 of the split's row ids and labels: equal checksums mean equal data. */
  splitChecksum: string;
}

type SplitConfig = Pick<ExperimentConfig, "split" | "validationSize">;

interface DatasetLoader {
  spec: DatasetSpec;
  checksum: string;
  split(config: SplitConfig, overlap: boolean, dataDir?: string): Promise<DatasetSplit>;
}

const LOADERS: Record<string, DatasetLoader> = {
  summeval: {
    spec: SUMMEVAL_SPEC,
    checksum: SUMMEVAL_SHA256,
    split: async (config, overlap, dataDir) =>
      summevalSplit(await loadSummEval({ dataDir }), splitPlan(config, overlap)),
  },
  brighter: {
    spec: BRIGHTER_SPEC,
    checksum: Object.values(BRIGHTER_SHA256).join(","),
    // BRIGHTER has no documents to group by: `kind` is ignored; disjoint validation is the dev file.
    split: async (config, overlap, dataDir) => {
      const files = {
        train: await loadBrighter("train", { dataDir }),
        test: await loadBrighter("test", { dataDir }),
        dev: overlap ? undefined : await loadBrighter("dev", { dataDir }),
      };
      const validation = overlap
        ? { ...BRIGHTER_PAPER_RUN_SPLIT.validation as object, size: config.validationSize }
        : "dev";
      return brighterSplit(
        files,
        {
          ...BRIGHTER_PAPER_RUN_SPLIT,
          seed: config.split.seed,
          validation,
        } as Parameters<typeof brighterSplit>[1],
      );
    },
  },
};

/** Names of the datasets an experiment can use. */
export const EXPERIMENT_DATASETS: readonly string[] = Object.freeze(Object.keys(LOADERS));

/**
 * SummEval's split plan for a configuration: the paper's split with its overlapping validation
 * rows (`overlap`), the paper's split with a validation set disjoint from training, or a
 * document-level split; the validation size is the configuration's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitPlan } from "./dataset.ts";
 * const plan = splitPlan({ split: { kind: "paper", seed: 42 }, validationSize: 20 }, true);
 * assert.ok(plan.train === 160 && plan.validation?.size === 20);
 * ```
 */
export function splitPlan(
  config: Pick<ExperimentConfig, "split" | "validationSize">,
  overlap: boolean,
): DataSplitOptions {
  const { kind, seed } = config.split;
  const base = kind === "document"
    ? DOCUMENT_SPLIT
    : overlap
    ? PAPER_RUN_SPLIT
    : PAPER_DISJOINT_SPLIT;
  const size = kind === "document" ? base.validation!.size : config.validationSize;
  return { ...base, seed, validation: { ...base.validation!, size } };
}

/**
 * Loads the configured dataset (from `config.dataDir`, `COLLIDE_DATA_DIR` or `data/`) and cuts the
 * splits. Validation rows overlap training when `config.split.validation` is `overlap`, or, when
 * it is unset, under the profile's `validationOverlapsTraining` quirk.
 *
 * @throws {RangeError} For an unknown dataset name.
 * @throws {DataError} When the data is missing (the message says to run `deno task data`) or corrupt.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadExperimentData } from "./dataset.ts";
 * import { PAPER_PROFILE } from "../loop/profile.ts";
 * import { toyExperimentConfig } from "../testing/toy_experiment.ts";
 * // With the data present: `const data = await loadExperimentData(config, PAPER_PROFILE)`.
 * const config = toyExperimentConfig("runs/toy", { dataset: "no-such-dataset" });
 * await assert.rejects(() => loadExperimentData(config, PAPER_PROFILE), /Unknown dataset/);
 * ```
 */
export async function loadExperimentData(
  config: Pick<ExperimentConfig, "dataset" | "dataDir" | "split" | "validationSize" | "testLimit">,
  profile: Pick<Profile, "quirks">,
): Promise<ExperimentData> {
  const loader = LOADERS[config.dataset];
  if (!loader) {
    throw new RangeError(
      `Unknown dataset "${config.dataset}"; available: ${EXPERIMENT_DATASETS.join(", ")}`,
    );
  }
  const overlap = (config.split.validation ??
    (profile.quirks.validationOverlapsTraining ? "overlap" : "disjoint")) === "overlap";
  const split = await loader.split(config, overlap, config.dataDir);
  const splits: ExperimentSplits = {
    train: split.train,
    validation: split.validation.slice(0, config.validationSize),
    test: config.testLimit === undefined ? split.test : split.test.slice(0, config.testLimit),
  };
  const fingerprint = Object.entries(splits).map((
    [name, rows],
  ) => [name, rows.map((row: Example) => [row.id, row.labels])]);
  return {
    spec: loader.spec,
    splits,
    fileChecksum: loader.checksum,
    splitChecksum: createHash("sha256").update(JSON.stringify(fingerprint)).digest("hex"),
  };
}
