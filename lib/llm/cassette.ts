/**
 * Cassettes: a call cache as JSON Lines, one answer per line, sorted by key, with no timestamps,
 * so a cassette is small, diffable and stable enough to commit next to examples and tests.
 * Importing a cassette into an empty cache and running in `replay` mode reproduces a recorded run
 * with no network.
 *
 * @module
 */
import { z } from "zod";
import { canonicalJson } from "./call_key.ts";
import type { WireFormat } from "./presets.ts";
import type { CallKeyMaterial } from "./call_key.ts";
import type { CacheEntry, CallCache } from "./call_cache.ts";
import type { ParseOutcome } from "../schema.ts";
import { validate } from "../schema.ts";

/** One cassette line: a {@linkcode CacheEntry} without its storage time. */
export type CassetteEntry = Omit<CacheEntry, "createdAt">;

const MessageSchema = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});

const MaterialSchema: z.ZodType<CallKeyMaterial> = z.object({
  role: z.string(),
  endpointId: z.string(),
  model: z.string(),
  messages: z.array(MessageSchema),
  temperature: z.number(),
  maxTokens: z.number(),
  seed: z.number().optional(),
  extraBody: z.record(z.string(), z.unknown()).optional(),
  jsonSchema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()) }).optional(),
  structuredOutput: z.string(),
  draw: z.union([z.string(), z.number()]).optional(),
  wire: z.custom<WireFormat>((value) => typeof value === "object" && value !== null).optional(),
  reasoningEffort: z.string().optional(),
  thinking: z.boolean().optional(),
});

const CassetteEntrySchema: z.ZodType<CassetteEntry> = z.object({
  key: z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 hex key"),
  role: z.string(),
  model: z.string(),
  endpointId: z.string(),
  request: MaterialSchema,
  text: z.string(),
  finishReason: z.string(),
  usage: z.object({
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    estimated: z.boolean(),
  }),
  dryRun: z.boolean(),
});

/**
 * Renders entries as cassette text: one canonical JSON object per line, sorted by key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CallCache } from "./call_cache.ts";
 * import { cassetteText } from "./cassette.ts";
 * const cache = new CallCache(":memory:");
 * assert(cassetteText(cache.entries()) === "");
 * cache.close();
 * ```
 */
export function cassetteText(entries: readonly CassetteEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted.map((entry) => canonicalJson(withoutTime(entry)) + "\n").join("");
}

/**
 * Parses cassette text; every bad line gives one issue naming its line number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCassette } from "./cassette.ts";
 * const outcome = parseCassette("{not json}\n");
 * assert(!outcome.ok && outcome.issues[0].startsWith("line 1:"));
 * ```
 */
export function parseCassette(text: string): ParseOutcome<CassetteEntry[]> {
  const entries: CassetteEntry[] = [];
  const issues: string[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const outcome = parseLine(line);
    if (outcome.ok) entries.push(outcome.value);
    else issues.push(...outcome.issues.map((issue) => `line ${index + 1}: ${issue}`));
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: entries };
}

/**
 * Writes every answer of `cache` to a cassette file; returns how many were written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CallCache } from "./call_cache.ts";
 * import { exportCassette } from "./cassette.ts";
 * const cache = new CallCache(":memory:");
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * assert(await exportCassette(cache, path) === 0);
 * cache.close();
 * ```
 */
export async function exportCassette(cache: CallCache, path: string): Promise<number> {
  const entries = cache.entries();
  await Deno.writeTextFile(path, cassetteText(entries));
  return entries.length;
}

/**
 * Loads a cassette file into `cache` (replacing answers with equal keys); returns how many were
 * loaded. A malformed cassette loads nothing and throws a `SyntaxError` listing its issues.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CallCache } from "./call_cache.ts";
 * import { importCassette } from "./cassette.ts";
 * const path = await Deno.makeTempFile({ suffix: ".jsonl" });
 * const cache = new CallCache(":memory:");
 * assert(await importCassette(cache, path) === 0);
 * cache.close();
 * ```
 */
export async function importCassette(cache: CallCache, path: string): Promise<number> {
  const outcome = parseCassette(await Deno.readTextFile(path));
  if (!outcome.ok) {
    throw new SyntaxError(`Malformed cassette ${path}:\n${outcome.issues.join("\n")}`);
  }
  const createdAt = new Date().toISOString();
  for (const entry of outcome.value) cache.put({ ...entry, createdAt });
  return outcome.value.length;
}

function parseLine(line: string): ParseOutcome<CassetteEntry> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, issues: [`not JSON (${(error as Error).message})`] };
  }
  return validate(CassetteEntrySchema, json);
}

function withoutTime(entry: CassetteEntry | CacheEntry): CassetteEntry {
  const { createdAt: _createdAt, ...rest } = entry as CacheEntry;
  return rest;
}
