/**
 * A small RFC 4180 CSV parser matching Python's `csv` module (excel dialect): comma separated,
 * `"`-quoted fields with doubled quotes, `\n` or `\r\n` record ends, newlines kept inside quotes.
 *
 * @module
 */
import { DataError } from "./data_error.ts";

/** Options of {@linkcode parseCsv}. */
export interface ParseCsvOptions {
  /** File name used in error messages. Default `"<csv>"`. */
  file?: string;
}

/**
 * Parses CSV text into a header and records of header-keyed strings (like `csv.DictReader`), with
 * the 1-based line each record starts on (a quoted field may span lines). A record whose field
 * count differs from the header's is an error.
 *
 * @throws {DataError} On an unterminated quote or a ragged record (with the record's line).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCsv } from "./csv.ts";
 * const { header, records, lines } = parseCsv('id,text\n1,"a, ""b"""\n2,"x\ny"\n');
 * assert(header.join() === "id,text" && records[0].text === 'a, "b"');
 * assert(lines.join() === "2,3");
 * ```
 */
export function parseCsv(
  text: string,
  options: ParseCsvOptions = {},
): { header: string[]; records: Record<string, string>[]; lines: number[] } {
  const file = options.file ?? "<csv>";
  const rows = tokenize(text, file);
  if (rows.length === 0) throw new DataError("empty CSV file", { file });
  const [header, ...body] = rows;
  const records = body.map(({ fields, line }) => {
    if (fields.length !== header.fields.length) {
      throw new DataError(
        `expected ${header.fields.length} fields, found ${fields.length}`,
        { file, line },
      );
    }
    return Object.fromEntries(header.fields.map((name, i) => [name, fields[i]]));
  });
  return { header: header.fields, records, lines: body.map(({ line }) => line) };
}

function tokenize(text: string, file: string): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push({ fields, line: rowLine });
    fields = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
    i++;
  }
  if (quoted) throw new DataError("unterminated quoted field", { file, line: rowLine });
  if (field !== "" || fields.length > 0) endRow();
  return rows;
}
