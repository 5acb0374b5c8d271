/**
 * A strict JSONL reader: every row is parsed and validated, and the first problem aborts the whole
 * read with one {@linkcode DataError} naming file, line and field. Nothing half-loaded is returned.
 *
 * @module
 */
import type { Schema } from "../schema.ts";
import { assertSha256 } from "./checksum.ts";
import { DataError } from "./data_error.ts";

/** Options of {@linkcode parseJsonl}. */
export interface ParseJsonlOptions {
  /** File name used in error messages. Default `"<jsonl>"`. */
  file?: string;
}

/** Options of {@linkcode readJsonl}. */
export interface ReadJsonlOptions {
  /** Expected hex SHA-256 of the file; checked before any row is parsed. Omit to skip. */
  sha256?: string;
}

/**
 * Parses JSONL text, validating each row with `schema` (any zod schema). A final newline is
 * allowed; blank lines elsewhere are errors.
 *
 * @throws {DataError} On the first malformed row or schema violation.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { parseJsonl } from "./jsonl.ts";
 * const rows = parseJsonl('{"a":1}\n{"a":2}\n', z.object({ a: z.number() }));
 * assert(rows.length === 2 && rows[1].a === 2);
 * ```
 */
export function parseJsonl<T>(
  text: string,
  schema: Schema<T>,
  options: ParseJsonlOptions = {},
): T[] {
  const file = options.file ?? "<jsonl>";
  const rows: T[] = [];
  // Line by line, without an array of every line (the file's text is the only copy held).
  for (let start = 0, line = 1; start < text.length; line++) {
    const end = text.indexOf("\n", start);
    const raw = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    rows.push(parseLine(raw, line, file, schema));
  }
  return rows;
}

function parseLine<T>(raw: string, line: number, file: string, schema: Schema<T>): T {
  const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  if (content.trim() === "") throw new DataError("empty line", { file, line });
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (cause) {
    throw new DataError(`malformed JSON (${(cause as Error).message})`, { file, line, cause });
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join(".") || "(row)";
  throw new DataError(issue.message, { file, line, field });
}

/**
 * Reads and validates a UTF-8 JSONL file, optionally checking its SHA-256 first.
 *
 * @throws {DataError} If the file is missing, not UTF-8, has the wrong checksum or a bad row.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { readJsonl } from "./jsonl.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * await Deno.writeTextFile(path, '{"text":"hi"}\n');
 * const rows = await readJsonl(path, z.object({ text: z.string() }));
 * assert(rows[0].text === "hi");
 * ```
 */
export async function readJsonl<T>(
  path: string,
  schema: Schema<T>,
  options: ReadJsonlOptions = {},
): Promise<T[]> {
  const bytes = await readBytes(path);
  if (options.sha256 !== undefined) await assertSha256(bytes, options.sha256, path);
  return parseJsonl(decodeUtf8(bytes, path), schema, { file: path });
}

/**
 * Reads a file, turning "not found" into a {@linkcode DataError}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readBytes } from "./jsonl.ts";
 * const path = await Deno.makeTempFile();
 * assert((await readBytes(path)).length === 0);
 * ```
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (cause) {
    throw new DataError(`cannot read file (${(cause as Error).message})`, { file: path, cause });
  }
}

/**
 * Decodes UTF-8 strictly (invalid bytes are an error, not U+FFFD).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeUtf8 } from "./jsonl.ts";
 * assert(decodeUtf8(new Uint8Array([0x68, 0x69]), "x") === "hi");
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new DataError("not valid UTF-8", { file, cause });
  }
}
