/**
 * Builds the kit's `eng_<split>.jsonl` from the official SemEval-2025 Task 11 track B CSV, as the
 * dataset's PROVENANCE "Transformation" describes: exact header, unique ids with the split's
 * prefix, non-empty texts, labels in 0–3; texts unchanged, rows in file order.
 *
 * @module
 */
import { parseCsv } from "./csv.ts";
import { DataError } from "./data_error.ts";
import { decodeUtf8 } from "./jsonl.ts";
import { pythonJson } from "./python_json.ts";
import { BRIGHTER_EMOTIONS, type BrighterFileSplit } from "./brighter.ts";

const HEADER = ["id", "text", ...BRIGHTER_EMOTIONS];

/**
 * Converts one split's `eng.csv` bytes to the kit's JSONL text.
 *
 * @throws {DataError} On a wrong header, duplicate or misnamed id, empty text or bad label.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convertBrighter } from "./convert_brighter.ts";
 * const csv = 'id,text,anger,fear,joy,sadness,surprise\neng_dev_track_b_00001,"Hi, you",0,1,3,0,2\n';
 * const line = convertBrighter(new TextEncoder().encode(csv), "dev");
 * assert(line.startsWith('{"id":"eng_dev_track_b_00001","text":"Hi, you"'));
 * ```
 */
export function convertBrighter(bytes: Uint8Array, split: BrighterFileSplit): string {
  const file = `track_b/${split}/eng.csv`;
  const { header, records, lines } = parseCsv(decodeUtf8(bytes, file), { file });
  if (header.join(",") !== HEADER.join(",")) {
    throw new DataError(`header must be exactly ${HEADER.join(",")}`, { file, line: 1 });
  }
  const prefix = `eng_${split}_track_b_`;
  const seen = new Set<string>();
  return records.map((record, index) => {
    const line = lines[index];
    if (!record.id.startsWith(prefix) || seen.has(record.id)) {
      throw new DataError(`id ${record.id} is duplicated or lacks ${prefix}`, {
        file,
        line,
        field: "id",
      });
    }
    seen.add(record.id);
    if (record.text === "") throw new DataError("empty text", { file, line, field: "text" });
    const intensities = Object.fromEntries(BRIGHTER_EMOTIONS.map((emotion) => {
      if (!/^[0-3]$/.test(record[emotion])) {
        throw new DataError(`expected 0-3, got ${record[emotion]}`, { file, line, field: emotion });
      }
      return [emotion, Number(record[emotion])];
    }));
    return pythonJson({ id: record.id, text: record.text, intensities }) + "\n";
  }).join("");
}
