/**
 * Datasets: specs, loaders, splits and the `deno task data` downloader.
 *
 * - SummEval and BRIGHTER are described by data ({@linkcode DatasetSpec}) and loaded, verified and
 *   validated row by row; any problem is one {@linkcode DataError} naming file, line and field.
 * - Splits are data ({@linkcode SplitOptions}); {@linkcode PAPER_SPLIT} reproduces the paper's
 *   exact SummEval rows with a TypeScript port of numpy's legacy MT19937 permutation.
 * - A new dataset needs a spec and a loader built on {@linkcode readJsonl} and
 *   {@linkcode locateDataFile}; the generic splits work on any {@linkcode Example} list.
 *
 * Zod schemas stay inside their files (typed `z.ZodType<T>` against the public interfaces).
 *
 * @module
 */
export type { Criterion, DatasetSpec, Example } from "./types.ts";
export { DataError } from "./data_error.ts";
export type { DataErrorLocation } from "./data_error.ts";
export { assertSha256, sha256Hex } from "./checksum.ts";
export { parseJsonl, readJsonl } from "./jsonl.ts";
export type { ParseJsonlOptions, ReadJsonlOptions } from "./jsonl.ts";
export { DATA_DIR_ENV, locateDataFile, projectDataDir } from "./locate.ts";
export type { LocatedFile, LocateOptions } from "./locate.ts";
export { Mt19937, numpyPermutation, numpyRandom, numpySample } from "./mt19937.ts";
export {
  loadSummEval,
  SUMMEVAL_CRITERIA,
  SUMMEVAL_FILE,
  SUMMEVAL_SHA256,
  SUMMEVAL_SPEC,
  toPairedOrder,
} from "./summeval.ts";
export type { LoadSummEvalOptions, SummEvalCriterion, SummEvalItem } from "./summeval.ts";
export {
  SUMMEVAL_PAIRED_DOC_ORDER,
  SUMMEVAL_PAIRED_SYSTEM_ORDER,
} from "./summeval_paired_order.ts";
export { expertIndexOf, summevalExamples } from "./summeval_examples.ts";
export type { SummEvalExampleOptions, SummEvalLabelRule } from "./summeval_examples.ts";
export { summevalSplit } from "./summeval_split.ts";
export type { SummEvalSplitOptions } from "./summeval_split.ts";
export {
  DOCUMENT_SPLIT,
  PAPER_DISJOINT_SPLIT,
  PAPER_RUN_SPLIT,
  PAPER_SPLIT,
  splitExamples,
  validationFromTrain,
} from "./splits.ts";
export type {
  DatasetSplit,
  SplitOptions,
  ValidationFromRest,
  ValidationFromTrain,
  ValidationPlan,
} from "./splits.ts";
export {
  BRIGHTER_EMOTIONS,
  BRIGHTER_PAPER_RUN_SPLIT,
  BRIGHTER_PAPER_SPLIT,
  BRIGHTER_SHA256,
  BRIGHTER_SPEC,
  brighterExamples,
  brighterFile,
  brighterSplit,
  loadBrighter,
} from "./brighter.ts";
export type {
  BrighterEmotion,
  BrighterFileSplit,
  BrighterItem,
  BrighterSplitOptions,
  LoadBrighterOptions,
} from "./brighter.ts";
export { unpickle } from "./pickle.ts";
export type { PickleValue, UnpickleOptions } from "./pickle.ts";
export {
  BRIGHTER_RECIPE,
  DATASET_RECIPES,
  GITHUB_RAW_BASE,
  rawUrl,
  SUMMEVAL_RECIPE,
} from "./sources.ts";
export type { DatasetRecipe, RecipeOutput, RemoteSource } from "./sources.ts";
export { fetchData } from "./fetch_data.ts";
export type { FetchDataOptions, FetchDataResult } from "./fetch_data.ts";
export type { RandomSource } from "../random.ts";
export type { Schema, SchemaIssue } from "../schema.ts";
