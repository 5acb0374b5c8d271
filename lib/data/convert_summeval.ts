/**
 * Builds the kit's `summeval.jsonl` from its three public carriers, exactly as the dataset's
 * PROVENANCE "Transformation" describes: MetricEval's CSV gives ids, expert ratings and the paired
 * order; PPairS gives the untokenized source and summary (row k = k-th pair); BARTScore's
 * `data.pkl` gives the 11 references. Every alignment is asserted, so a wrong source fails loudly.
 *
 * @module
 */
import { parseCsv } from "./csv.ts";
import { DataError } from "./data_error.ts";
import { decodeUtf8, parseJsonl } from "./jsonl.ts";
import { type PickleValue, unpickle } from "./pickle.ts";
import { PyFloat, pythonJson } from "./python_json.ts";
import { toPairedOrder } from "./summeval.ts";
import { z } from "zod";

/** The raw bytes of the three SummEval carriers. */
export interface SummEvalSources {
  /** PPairS `data/summeval.jsonl`. */
  ppairs: Uint8Array;
  /** MetricEval `metric_eval/data/metric_scores_long.csv`. */
  metricEval: Uint8Array;
  /** BARTScore `SUM/SummEval/data.pkl`. */
  bartscore: Uint8Array;
}

/** Criteria in the order the kit file writes them (MetricEval's column order). */
const FILE_CRITERIA = ["coherence", "consistency", "fluency", "relevance"] as const;
const ABBREVIATION = { coherence: "COH", consistency: "CON", fluency: "FLU", relevance: "REL" };
const EXTRA_SYSTEM = "M23_dynamicmix";

type Ratings = Record<(typeof FILE_CRITERIA)[number], number[]>;

interface PpairsRow {
  article_id: string;
  article: string;
  summary: string;
  coherence: number;
  consistency: number;
  fluency: number;
  relevance: number;
}

const PpairsSchema: z.ZodType<PpairsRow> = z.object({
  article_id: z.string(),
  article: z.string(),
  summary: z.string(),
  coherence: z.number(),
  consistency: z.number(),
  fluency: z.number(),
  relevance: z.number(),
});

interface BartDoc {
  ref_summs: string[];
  ref_summ: string;
  sys_summs: Record<string, { scores: Record<string, number> }>;
}

const BartSchema: z.ZodType<Record<string, BartDoc>> = z.record(
  z.string(),
  z.object({
    ref_summs: z.array(z.string()).length(11),
    ref_summ: z.string(),
    sys_summs: z.record(z.string(), z.object({ scores: z.record(z.string(), z.number()) })),
  }),
);

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Converts the raw carriers to the kit's JSONL text (sorted by document id, then system number).
 *
 * @throws {DataError} When a carrier is malformed or the carriers do not align.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convertSummEval } from "./convert_summeval.ts";
 * const dir = new URL("../../tests/fixtures/data/raw/", import.meta.url);
 * const read = (name: string) => Deno.readFile(new URL(name, dir));
 * const text = convertSummEval({
 *   ppairs: await read("ppairs_synthetic.jsonl"),
 *   metricEval: await read("metric_scores_long.csv"),
 *   bartscore: await read("data.pkl"),
 * });
 * assert(text.split("\n").length === 7);
 * ```
 */
export function convertSummEval(sources: SummEvalSources): string {
  const pairs = readMetricEval(sources.metricEval);
  const file = "PPairS summeval.jsonl";
  const ppairs = parseJsonl(decodeUtf8(sources.ppairs, file), PpairsSchema, { file });
  const bart = readBartScore(sources.bartscore);
  if (ppairs.length !== pairs.length) {
    throw new DataError(`${ppairs.length} rows, but MetricEval has ${pairs.length} pairs`, {
      file,
    });
  }
  const docs = [...new Set(pairs.map((p) => p.docId))];
  const bartDocs = Object.keys(bart);
  if (bartDocs.join() !== docs.join()) {
    throw new DataError("document order differs from MetricEval's", { file: "BARTScore data.pkl" });
  }
  const rows = pairs.map((pair, k) => {
    const line = k + 1;
    const row = ppairs[k];
    if (row.article_id !== `A${docs.indexOf(pair.docId)}`) {
      throw new DataError(`expected A${docs.indexOf(pair.docId)} for ${pair.docId}`, {
        file,
        line,
        field: "article_id",
      });
    }
    for (const c of FILE_CRITERIA) {
      if (Math.abs(row[c] - mean(pair.expert[c])) > 1e-9) {
        throw new DataError(
          `mean disagrees with MetricEval's ratings for ${pair.docId}/${pair.systemId}`,
          {
            file,
            line,
            field: c,
          },
        );
      }
    }
    const doc = bart[pair.docId];
    const systems = pairs.filter((p) => p.docId === pair.docId).map((p) => p.systemId);
    if (Object.keys(doc.sys_summs).join() !== systems.join()) {
      throw new DataError("system order differs from MetricEval's", {
        file: "BARTScore data.pkl",
        field: `${pair.docId}.sys_summs`,
      });
    }
    const bartScores = doc.sys_summs[pair.systemId].scores;
    for (const c of FILE_CRITERIA) {
      if (c in bartScores && Math.abs(bartScores[c] - mean(pair.expert[c])) > 1e-9) {
        throw new DataError("mean disagrees with MetricEval's ratings", {
          file: "BARTScore data.pkl",
          field: `${pair.docId}.sys_summs.${pair.systemId}.scores.${c}`,
        });
      }
    }
    if (doc.ref_summs[0] !== doc.ref_summ) {
      throw new DataError("ref_summs[0] differs from ref_summ", {
        file: "BARTScore data.pkl",
        field: `${pair.docId}.ref_summ`,
      });
    }
    return {
      id: `${pair.docId}/${pair.systemId}`,
      doc_id: pair.docId,
      system_id: pair.systemId,
      source: row.article,
      summary: row.summary,
      references: doc.ref_summs,
      expert: pair.expert,
      scores: Object.fromEntries(FILE_CRITERIA.map((c) => [c, new PyFloat(mean(pair.expert[c]))])),
    };
  });
  rows.sort((a, b) =>
    a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : systemNumber(a) - systemNumber(b)
  );
  return rows.map((row) => pythonJson(row) + "\n").join("");
}

function systemNumber(row: { system_id: string }): number {
  return Number(row.system_id.slice(1));
}

/**
 * MetricEval pairs in file order without the extra system. The order is asserted to agree with
 * `SUMMEVAL_PAIRED_DOC_ORDER` / `SUMMEVAL_PAIRED_SYSTEM_ORDER`; with all 1600 unique pairs that
 * means it equals the committed constant exactly.
 */
function readMetricEval(bytes: Uint8Array) {
  const file = "MetricEval metric_scores_long.csv";
  const { header, records, lines } = parseCsv(decodeUtf8(bytes, file), { file });
  const columns = FILE_CRITERIA.flatMap((c) =>
    [1, 2, 3].map((e) => `Expert.${e}.${ABBREVIATION[c]}`)
  );
  for (const column of ["test_id", "model_id", ...columns]) {
    if (!header.includes(column)) throw new DataError("missing column", { file, field: column });
  }
  const seen = new Set<string>();
  const pairs = records.flatMap((record, index) => {
    if (record.model_id === EXTRA_SYSTEM) return [];
    const line = lines[index];
    const id = `${record.test_id}/${record.model_id}`;
    if (seen.has(id)) throw new DataError(`duplicate pair ${id}`, { file, line });
    seen.add(id);
    const expert = Object.fromEntries(FILE_CRITERIA.map((c) => [
      c,
      [1, 2, 3].map((e) => {
        const field = `Expert.${e}.${ABBREVIATION[c]}`;
        const value = Number(record[field]);
        if (!/^[1-5]$/.test(record[field])) {
          throw new DataError(`expected an integer 1-5, got ${record[field]}`, {
            file,
            line,
            field,
          });
        }
        return value;
      }),
    ])) as Ratings;
    return [{ docId: record.test_id, systemId: record.model_id, expert }];
  });
  let ordered: typeof pairs;
  try {
    ordered = toPairedOrder(pairs);
  } catch (cause) {
    throw new DataError((cause as Error).message, { file, cause });
  }
  const mismatch = ordered.findIndex((pair, i) => pair !== pairs[i]);
  if (mismatch >= 0) {
    throw new DataError(
      `row order differs from SUMMEVAL_PAIRED_DOC_ORDER / SUMMEVAL_PAIRED_SYSTEM_ORDER at pair ${
        mismatch + 1
      } (${pairs[mismatch].docId}/${pairs[mismatch].systemId})`,
      { file },
    );
  }
  return pairs;
}

function readBartScore(bytes: Uint8Array): Record<string, BartDoc> {
  const file = "BARTScore data.pkl";
  const value: PickleValue = unpickle(bytes, { file });
  const parsed = BartSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataError(issue.message, { file, field: issue.path.map(String).join(".") });
  }
  return parsed.data;
}
