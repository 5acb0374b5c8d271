/**
 * BRIGHTER / SemEval-2025 Task 11, track B (emotion intensity), English: short texts rated 0–3 for
 * anger, fear, joy, sadness and surprise. The original release (train 2768, dev 116, test 2767).
 *
 * @module
 */
import { z } from "zod";
import type { DatasetSpec, Example } from "./types.ts";
import { readJsonl } from "./jsonl.ts";
import { locateDataFile, type LocateOptions } from "./locate.ts";
import { type DatasetSplit, splitExamples, type ValidationFromTrain } from "./splits.ts";

/** BRIGHTER's emotions, in the paper's order. */
export type BrighterEmotion = "anger" | "fear" | "joy" | "sadness" | "surprise";

/** A BRIGHTER file: the official train, dev and test splits. */
export type BrighterFileSplit = "train" | "dev" | "test";

/** The emotions in order: anger, fear, joy, sadness, surprise. */
export const BRIGHTER_EMOTIONS: readonly BrighterEmotion[] = Object.freeze([
  "anger",
  "fear",
  "joy",
  "sadness",
  "surprise",
]);

/** SHA-256 of the canonical `eng_<split>.jsonl` files (see the dataset's PROVENANCE). */
export const BRIGHTER_SHA256: Readonly<Record<BrighterFileSplit, string>> = Object.freeze({
  train: "1c20759f1eff021063109c0d84daf77f5ff5b97789ddb9b0fcd68982f2aaa8ce",
  dev: "decf6be0a95d9163f01fcbce84e8bc85f0a0ce5da9836fb3a00d78255f3166b4",
  test: "fa6ad9cbfcd1269eadb320c8b87ce1a1a8cc07eb48b2be3f70fad3af043cef52",
});

/**
 * Path of a BRIGHTER file inside a datasets folder.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { brighterFile } from "./brighter.ts";
 * assert(brighterFile("dev") === "brighter/eng_dev.jsonl");
 * ```
 */
export function brighterFile(split: BrighterFileSplit): string {
  return `brighter/eng_${split}.jsonl`;
}

const emotionCriterion = (name: BrighterEmotion, feeling: string) => ({
  name,
  description: `How strongly the writer conveys ${feeling}.`,
  scale: { min: 0, max: 3 },
});

/** The BRIGHTER dataset description: five emotions, scale 0–3, one input shown as "Text". */
export const BRIGHTER_SPEC: DatasetSpec = {
  name: "brighter",
  criteria: [
    emotionCriterion("anger", "anger, irritation or rage"),
    emotionCriterion("fear", "fear, worry or anxiety"),
    emotionCriterion("joy", "joy, happiness or delight"),
    emotionCriterion("sadness", "sadness, grief or disappointment"),
    emotionCriterion("surprise", "surprise or astonishment"),
  ],
  inputs: [{ key: "text", label: "Text" }],
  directive: [
    "You are a meticulous, well-calibrated annotator. Your goal is an accurate judgement that follows the Instructions below.",
    "",
    "## Task",
    "Judge how intensely the Text expresses each emotion, following the Instructions.",
  ].join("\n"),
  seedInstruction:
    "Score the intensity of {criterion} from {min} (not present) to {max} (strongest).",
};

/** One BRIGHTER text with its emotion intensities. */
export interface BrighterItem {
  /** Official id, e.g. `eng_train_track_b_00001`. */
  id: string;
  /** The text, unchanged. */
  text: string;
  /** Intensity 0–3 per emotion. */
  intensities: Record<BrighterEmotion, number>;
}

const intensity = z.number().int("expected an integer intensity").min(0).max(3);

/** Schema of one line of `eng_<split>.jsonl`. */
export const BrighterRowSchema: z.ZodType<BrighterItem> = z.object({
  id: z.string().regex(
    /^eng_(train|dev|test)_track_b_\d+$/,
    "expected an id like eng_train_track_b_00001",
  ),
  text: z.string().min(1),
  intensities: z.object({
    anger: intensity,
    fear: intensity,
    joy: intensity,
    sadness: intensity,
    surprise: intensity,
  }),
});

/** Options of {@linkcode loadBrighter}. */
export interface LoadBrighterOptions extends Omit<LocateOptions, "path"> {
  /** Explicit file path for this split. */
  path?: string;
  /** Expected SHA-256; default from {@linkcode BRIGHTER_SHA256}. `false` skips the check. */
  sha256?: string | false;
}

/**
 * Loads one BRIGHTER English split in file order, from an explicit `path`,
 * `$COLLIDE_DATA_DIR/brighter/eng_<split>.jsonl` or the project's `data/brighter/`.
 *
 * @throws {DataError} If the file is missing (the message says to run `deno task data`), has the
 * wrong checksum, or any row is malformed.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError } from "./data_error.ts";
 * import { loadBrighter } from "./brighter.ts";
 * try {
 *   assert((await loadBrighter("dev")).length === 116);
 * } catch (error) {
 *   if (!(error instanceof DataError)) throw error;
 *   console.log(error.message);
 * }
 * ```
 */
export async function loadBrighter(
  split: BrighterFileSplit,
  options: LoadBrighterOptions = {},
): Promise<BrighterItem[]> {
  const { path } = await locateDataFile(brighterFile(split), options);
  const sha256 = options.sha256 === false ? undefined : options.sha256 ?? BRIGHTER_SHA256[split];
  return await readJsonl(path, BrighterRowSchema, { sha256 });
}

/**
 * Converts BRIGHTER items to examples (input `text`, labels = intensities; each text is its own
 * group).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { brighterExamples } from "./brighter.ts";
 * const [row] = brighterExamples([{ id: "eng_dev_track_b_00001", text: "Oh no!",
 *   intensities: { anger: 0, fear: 2, joy: 0, sadness: 1, surprise: 3 } }]);
 * assert(row.inputs.text === "Oh no!" && row.labels.surprise === 3);
 * ```
 */
export function brighterExamples(items: readonly BrighterItem[]): Example[] {
  return items.map((item) => ({
    id: item.id,
    itemId: item.id,
    group: item.id,
    inputs: { text: item.text },
    labels: { ...item.intensities },
  }));
}

/** How the paper's BRIGHTER rows are ordered and validated, as data. */
export interface BrighterSplitOptions {
  /** numpy seed each file is shuffled with (the paper's parquet order). Default 42. */
  seed?: number;
  /** If set, each split is reshuffled again with this seed (the WGC loader). */
  loaderSeed?: number;
  /** `"dev"`: the official dev file (disjoint); a train plan: the paper's overlapping rows. Default none. */
  validation?: "dev" | ValidationFromTrain;
}

/** The paper's order as its parquet files hold it: train and test each shuffled with seed 42. */
export const BRIGHTER_PAPER_SPLIT: Readonly<BrighterSplitOptions> = Object.freeze({ seed: 42 });

/** The paper's runs: parquet order, loader reshuffle (42) and validation gate (tail 100, then seed 1). */
export const BRIGHTER_PAPER_RUN_SPLIT: Readonly<BrighterSplitOptions> = Object.freeze({
  seed: 42,
  loaderSeed: 42,
  validation: { from: "train" as const, size: 100, seed: 42, reshuffleSeed: 1 },
});

/**
 * Orders BRIGHTER's official files as `options` describes. Pass the dev items when
 * `validation` is `"dev"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError } from "./data_error.ts";
 * import { BRIGHTER_PAPER_SPLIT, brighterSplit, loadBrighter } from "./brighter.ts";
 * try {
 *   const split = brighterSplit(
 *     { train: await loadBrighter("train"), test: await loadBrighter("test") },
 *     BRIGHTER_PAPER_SPLIT,
 *   );
 *   assert(split.train.length === 2768 && split.test.length === 2767);
 * } catch (error) {
 *   if (!(error instanceof DataError)) throw error;
 *   console.log(error.message);
 * }
 * ```
 */
export function brighterSplit(
  files: {
    train: readonly BrighterItem[];
    test: readonly BrighterItem[];
    dev?: readonly BrighterItem[];
  },
  options: BrighterSplitOptions = {},
): DatasetSplit<Example> {
  const order = (items: readonly BrighterItem[], validation?: ValidationFromTrain) =>
    splitExamples(brighterExamples(items), {
      seed: options.seed ?? 42,
      train: items.length,
      test: 0,
      loaderSeed: options.loaderSeed,
      validation,
    });
  const plan = options.validation;
  const train = order(files.train, plan === "dev" ? undefined : plan);
  if (plan === "dev" && files.dev === undefined) {
    throw new TypeError('validation "dev" needs the dev items');
  }
  return {
    train: train.train,
    validation: plan === "dev" ? brighterExamples(files.dev!) : train.validation,
    test: order(files.test).train,
  };
}
