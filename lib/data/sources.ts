/**
 * Where `deno task data` gets each dataset: the public files pinned in the datasets' PROVENANCE
 * (repository, commit, path, SHA-256), the kit files they convert to (with their SHA-256), and the
 * conversion. Recipes are data, so tests can point them at local fixtures.
 *
 * @module
 */
import { convertBrighter } from "./convert_brighter.ts";
import { convertSummEval } from "./convert_summeval.ts";
import { BRIGHTER_SHA256, brighterFile, type BrighterFileSplit } from "./brighter.ts";
import { SUMMEVAL_FILE, SUMMEVAL_SHA256 } from "./summeval.ts";

/** Default base of {@linkcode rawUrl}: GitHub's raw file host. */
export const GITHUB_RAW_BASE = "https://raw.githubusercontent.com";

/** One public source file, pinned by commit and checksum. */
export interface RemoteSource {
  /** Key the conversion reads the bytes under. */
  key: string;
  /** GitHub `owner/name`. */
  repo: string;
  /** Full commit hash. */
  commit: string;
  /** Path inside the repository. */
  path: string;
  /** Expected hex SHA-256 of the file. */
  sha256: string;
}

/** One kit file a recipe writes. */
export interface RecipeOutput {
  /** Path inside the datasets folder, e.g. `summeval/summeval.jsonl`. */
  file: string;
  /** Expected hex SHA-256 of the converted file. */
  sha256: string;
}

/** How to obtain one dataset. */
export interface DatasetRecipe {
  /** Dataset name (`summeval`, `brighter`). */
  name: string;
  /** Public source files. */
  sources: RemoteSource[];
  /** Files the conversion produces. */
  outputs: RecipeOutput[];
  /** Converts source bytes (by key) to output texts (by output file). */
  convert(sources: Record<string, Uint8Array>): Record<string, string>;
}

/**
 * The download URL of a source under `baseUrl` (`<base>/<repo>/<commit>/<path>`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rawUrl, SUMMEVAL_RECIPE } from "./sources.ts";
 * const url = rawUrl(SUMMEVAL_RECIPE.sources[0], "http://127.0.0.1:8000");
 * assert(url.startsWith("http://127.0.0.1:8000/maiush/PPairS/"));
 * ```
 */
export function rawUrl(source: RemoteSource, baseUrl: string = GITHUB_RAW_BASE): string {
  return `${baseUrl.replace(/\/+$/, "")}/${source.repo}/${source.commit}/${source.path}`;
}

/** SummEval from PPairS (texts), MetricEval (ids, expert ratings, order) and BARTScore (references). */
export const SUMMEVAL_RECIPE: DatasetRecipe = {
  name: "summeval",
  sources: [
    {
      key: "ppairs",
      repo: "maiush/PPairS",
      commit: "0beef748c02726db1a781784eeb19bae8d219c19",
      path: "data/summeval.jsonl",
      sha256: "7b152ee2f44aca4259e4bbde69900bd0aebc97550d95d54681430595f0fb94d3",
    },
    {
      key: "metricEval",
      repo: "isle-dev/MetricEval",
      commit: "7d3cb2e7554954b126dd9934940f96beda5d6412",
      path: "metric_eval/data/metric_scores_long.csv",
      sha256: "c34947ab97228a6bca1cdf25fb0e9a287b0a69dbae7f7c06f8439b29c634b93a",
    },
    {
      key: "bartscore",
      repo: "neulab/BARTScore",
      commit: "248f511cb34ae3753fc81f7d7a945de5bfe33458",
      path: "SUM/SummEval/data.pkl",
      sha256: "008f1639a3352f0248cac88b74ff431c27287a027a888902ef425a26005f0acf",
    },
  ],
  outputs: [{ file: SUMMEVAL_FILE, sha256: SUMMEVAL_SHA256 }],
  convert: (raw) => ({
    [SUMMEVAL_FILE]: convertSummEval({
      ppairs: raw.ppairs,
      metricEval: raw.metricEval,
      bartscore: raw.bartscore,
    }),
  }),
};

const BRIGHTER_SPLITS: readonly BrighterFileSplit[] = ["train", "dev", "test"];
const BRIGHTER_CSV_SHA256: Record<BrighterFileSplit, string> = {
  train: "55167973e06833c9cf511140b3b44b25b1b04c91a2a953aa2a677126e838a0d7",
  dev: "3c2d7a27d5f9d9dbfbde29c098d173c995081f166796d88695cb0f2d9419f559",
  test: "5092cd688d2d9dee129c34cb63d4abafb73759d5115e5c0fb144347c95991d42",
};

/** BRIGHTER English track B, original release, from the official SemEval-2025 Task 11 repository. */
export const BRIGHTER_RECIPE: DatasetRecipe = {
  name: "brighter",
  sources: BRIGHTER_SPLITS.map((split) => ({
    key: split,
    repo: "emotion-analysis-project/SemEval2025-Task11",
    commit: "44ddc04d0fcf2ee90c5e4caf531d4d0fa36b755a",
    path: `task-dataset/semeval-2025-task11-dataset/track_b/${split}/eng.csv`,
    sha256: BRIGHTER_CSV_SHA256[split],
  })),
  outputs: BRIGHTER_SPLITS.map((split) => ({
    file: brighterFile(split),
    sha256: BRIGHTER_SHA256[split],
  })),
  convert: (raw) =>
    Object.fromEntries(
      BRIGHTER_SPLITS.map((split) => [brighterFile(split), convertBrighter(raw[split], split)]),
    ),
};

/** Every dataset `deno task data` knows. */
export const DATASET_RECIPES: readonly DatasetRecipe[] = Object.freeze([
  SUMMEVAL_RECIPE,
  BRIGHTER_RECIPE,
]);
