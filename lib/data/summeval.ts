/**
 * SummEval (Fabbri et al., 2021): 100 CNN/DailyMail articles × 16 systems, each summary rated 1–5
 * by three experts on fluency, relevance, coherence and consistency.
 *
 * @module
 */
import { z } from "zod";
import type { DatasetSpec } from "./types.ts";
import { DataError } from "./data_error.ts";
import { readJsonl } from "./jsonl.ts";
import { locateDataFile, type LocateOptions } from "./locate.ts";
import {
  SUMMEVAL_PAIRED_DOC_ORDER,
  SUMMEVAL_PAIRED_SYSTEM_ORDER,
} from "./summeval_paired_order.ts";

/** SummEval's criteria, in the paper's fixed order. */
export type SummEvalCriterion = "fluency" | "relevance" | "coherence" | "consistency";

/** The criteria names in order: fluency, relevance, coherence, consistency. */
export const SUMMEVAL_CRITERIA: readonly SummEvalCriterion[] = Object.freeze([
  "fluency",
  "relevance",
  "coherence",
  "consistency",
]);

/** Path of the SummEval file inside a datasets folder. */
export const SUMMEVAL_FILE = "summeval/summeval.jsonl";

/** SHA-256 of the canonical `summeval.jsonl` (see the dataset's PROVENANCE). */
export const SUMMEVAL_SHA256 = "cab8f2045294da8ecebb78d999da4a220d55c59281b302a5407604bc6e17b91c";

/** The SummEval dataset description: criteria, scale 1–5, inputs Summary then Source Text. */
export const SUMMEVAL_SPEC: DatasetSpec = {
  name: "summeval",
  criteria: [
    {
      name: "fluency",
      description: "How well each sentence reads on its own: grammar, spelling, word choice.",
      scale: { min: 1, max: 5 },
    },
    {
      name: "relevance",
      description:
        "Whether the summary keeps the source's important content and leaves out filler.",
      scale: { min: 1, max: 5 },
    },
    {
      name: "coherence",
      description: "Whether the sentences together form a well-organised, connected whole.",
      scale: { min: 1, max: 5 },
    },
    {
      name: "consistency",
      description: "Whether every claim in the summary is supported by the source text.",
      scale: { min: 1, max: 5 },
    },
  ],
  inputs: [{ key: "summary", label: "Summary" }, { key: "source", label: "Source Text" }],
  directive: [
    "You are a meticulous, well-calibrated evaluator. Your goal is an accurate evaluation that follows the Instructions below.",
    "",
    "## Task",
    "Evaluate the Summary with respect to the Source Text, following the Instructions.",
    "1. Consider every strength and every weakness you notice.",
    "2. Choose the score that reflects how many weaknesses there are and how serious they are.",
  ].join("\n"),
  seedInstruction: "Rate from {min} to {max}.",
};

/** One SummEval summary with its three experts' ratings. */
export interface SummEvalItem {
  /** `<docId>/<systemId>`. */
  id: string;
  /** CNN/DailyMail story id. */
  docId: string;
  /** SummEval system id (`M0` … `M23`). */
  systemId: string;
  /** The article, untokenized. */
  source: string;
  /** The system summary, in its original casing and tokenization. */
  summary: string;
  /** The 11 reference summaries (the original highlight first). */
  references: string[];
  /** The three experts' integer ratings per criterion, in annotation order. */
  expert: Record<SummEvalCriterion, [number, number, number]>;
  /** Mean of the three experts per criterion (unrounded). */
  scores: Record<SummEvalCriterion, number>;
}

const rating = z.number().int("expected an integer rating").min(1).max(5);
const ratings = z.tuple([rating, rating, rating]);
const mean = z.number().min(1).max(5);

/** Schema of one line of `summeval.jsonl`; checks ids, scale and that scores are expert means. */
export const SummEvalRowSchema: z.ZodType<SummEvalItem> = z.object({
  id: z.string().min(1),
  doc_id: z.string().min(1),
  system_id: z.string().regex(/^M\d+$/, "expected a system id like M11"),
  source: z.string().min(1),
  summary: z.string(),
  references: z.array(z.string()),
  expert: z.object({
    fluency: ratings,
    relevance: ratings,
    coherence: ratings,
    consistency: ratings,
  }),
  scores: z.object({ fluency: mean, relevance: mean, coherence: mean, consistency: mean }),
}).superRefine((row, ctx) => {
  if (row.id !== `${row.doc_id}/${row.system_id}`) {
    ctx.addIssue({ code: "custom", path: ["id"], message: "id must be <doc_id>/<system_id>" });
  }
  for (const c of SUMMEVAL_CRITERIA) {
    const expected = (row.expert[c][0] + row.expert[c][1] + row.expert[c][2]) / 3;
    if (Math.abs(row.scores[c] - expected) > 1e-9) {
      ctx.addIssue({ code: "custom", path: ["scores", c], message: "is not the expert mean" });
    }
  }
}).transform((row) => ({
  id: row.id,
  docId: row.doc_id,
  systemId: row.system_id,
  source: row.source,
  summary: row.summary,
  references: row.references,
  expert: row.expert,
  scores: row.scores,
}));

/** Options of {@linkcode loadSummEval}. */
export interface LoadSummEvalOptions extends LocateOptions {
  /**
   * Expected SHA-256 of the file; default {@linkcode SUMMEVAL_SHA256}. Pass `false` to skip the
   * check (for a custom or subset file).
   */
  sha256?: string | false;
}

/**
 * Loads SummEval from an explicit `path`, `$COLLIDE_DATA_DIR/summeval/summeval.jsonl` or the
 * project's `data/summeval/summeval.jsonl`, verifying the checksum and every row.
 *
 * @throws {DataError} If no file is found (the message says to run `deno task data`), the checksum
 * differs, or any row is malformed; nothing is returned in that case.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataError } from "./data_error.ts";
 * import { loadSummEval } from "./summeval.ts";
 * try {
 *   const items = await loadSummEval();
 *   assert(items.length === 1600);
 * } catch (error) {
 *   if (!(error instanceof DataError)) throw error;
 *   console.log(error.message); // e.g. "... Run `deno task data` ..."
 * }
 * ```
 */
export async function loadSummEval(options: LoadSummEvalOptions = {}): Promise<SummEvalItem[]> {
  const { path } = await locateDataFile(SUMMEVAL_FILE, options);
  const sha256 = options.sha256 === false ? undefined : options.sha256 ?? SUMMEVAL_SHA256;
  const items = await readJsonl(path, SummEvalRowSchema, { sha256 });
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      throw new DataError(`duplicate id ${item.id} (first on line ${first})`, {
        file: path,
        line: index + 1,
        field: "id",
      });
    }
    seen.set(item.id, index + 1);
  });
  return items;
}

/**
 * Reorders items into SummEval's original paired-file order (documents in
 * `SUMMEVAL_PAIRED_DOC_ORDER`, systems in `SUMMEVAL_PAIRED_SYSTEM_ORDER`), the order the
 * paper's split permutes. Works on subsets; unknown documents or systems are an error.
 *
 * @throws {RangeError} If an item's document or system is not part of SummEval.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPairedOrder } from "./summeval.ts";
 * const ids = [{ docId: "dm-test-f26d8400ae49b90d109c165d0f44b8f6ca253c08", systemId: "M0" },
 *   { docId: "dm-test-8764fb95bfad8ee849274873a92fb8d6b400eee2", systemId: "M0" },
 *   { docId: "dm-test-8764fb95bfad8ee849274873a92fb8d6b400eee2", systemId: "M11" }];
 * assert(toPairedOrder(ids)[0].systemId === "M11");
 * ```
 */
export function toPairedOrder<T extends Pick<SummEvalItem, "docId" | "systemId">>(
  items: readonly T[],
): T[] {
  const docRank = new Map(SUMMEVAL_PAIRED_DOC_ORDER.map((d, i) => [d, i]));
  const systemRank = new Map(SUMMEVAL_PAIRED_SYSTEM_ORDER.map((s, i) => [s, i]));
  const rank = (item: T): number => {
    const d = docRank.get(item.docId);
    const s = systemRank.get(item.systemId);
    if (d === undefined || s === undefined) {
      throw new RangeError(`${item.docId}/${item.systemId} is not a SummEval paired item`);
    }
    return d * SUMMEVAL_PAIRED_SYSTEM_ORDER.length + s;
  };
  return items.map((item) => ({ item, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ item }) => item);
}
