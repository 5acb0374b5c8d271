/**
 * Embeddings through the LLM layer: batched requests to the `embedder` role's OpenAI-compatible
 * `/embeddings` route (one request carries up to `batchSize` texts as its `input` array), through
 * the same call cache, budget, scheduler and call log as chat calls. The dry-run backend (and the
 * fake server) answer with a hashed bag of words.
 *
 * @module
 */
import { MalformedResponseError } from "./errors.ts";
import type { LlmGateway } from "./types.ts";

/** Dimensions of the dry-run backend's (and the fake server's) hashed bag-of-words vectors. */
export const HASHED_EMBEDDING_DIMENSIONS = 256;

/** Texts per `/embeddings` request unless {@linkcode EmbedOptions.batchSize} says otherwise. */
export const DEFAULT_EMBED_BATCH = 128;

/** Options of {@linkcode embedTexts}. */
export interface EmbedOptions {
  /** The role whose endpoint embeds (default `embedder`). */
  role?: string;
  /** Label prefix of the calls (each call's label ends with `embed <first>–<last>`). */
  label?: string;
  /** Cancels the calls. */
  signal?: AbortSignal;
  /**
   * Most texts per request (default {@linkcode DEFAULT_EMBED_BATCH}; OpenAI accepts up to 2048).
   * `1` sends one request per text.
   */
  batchSize?: number;
}

/**
 * Embeds each text, in input order: one `/embeddings` request per batch of `batchSize` texts
 * (⌈n / batchSize⌉ calls, each cached, budgeted and logged like any call). A request's messages are
 * its inputs, one user message per text; its answer is the JSON array of their vectors.
 *
 * @throws {MalformedResponseError} When an answer is not one numeric vector per text.
 * @throws {RangeError} When `batchSize` is not a positive integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDryRunLlm } from "./llm.ts";
 * import { cosineSimilarity, embedTexts } from "./embed.ts";
 * const llm = createDryRunLlm();
 * const [a, b, c] = await embedTexts(llm, ["penalize long summaries", "long summaries penalize",
 *   "reward clear grammar"]);
 * assert.ok(cosineSimilarity(a, b) > 0.99 && cosineSimilarity(a, c) < 0.5);
 * assert.equal(llm.usage().roles.embedder.calls, 1); // one request for the three texts
 * llm.close();
 * ```
 */
export async function embedTexts(
  llm: LlmGateway,
  texts: readonly string[],
  options: EmbedOptions = {},
): Promise<number[][]> {
  const role = options.role ?? "embedder";
  const size = options.batchSize ?? DEFAULT_EMBED_BATCH;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`embedding batch size ${size} is not a positive integer`);
  }
  const batches: string[][] = [];
  for (let i = 0; i < texts.length; i += size) batches.push(texts.slice(i, i + size));
  const answers = await Promise.all(batches.map(async (batch, b) => {
    const first = b * size;
    const range = batch.length === 1 ? `${first}` : `${first}–${first + batch.length - 1}`;
    const label = `${options.label ? `${options.label} ` : ""}embed ${range}`;
    const result = await llm.complete({
      role,
      messages: batch.map((content) => ({ role: "user" as const, content })),
      hint: { kind: "embedding" },
      label,
    }, { signal: options.signal });
    const vectors = readVectors(result.text, batch.length);
    if (vectors === null) {
      throw new MalformedResponseError(
        `${label}: the ${role} answer is not ${batch.length} vector(s)`,
        { label },
      );
    }
    return vectors;
  }));
  return answers.flat();
}

const isVector = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number");

/** The vectors of an answer: a JSON array of `count` vectors (or, for one text, one vector). */
function readVectors(text: string, count: number): number[][] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  // A single vector is what one-text requests answered before batching (older call caches).
  if (count === 1 && isVector(parsed)) return [parsed];
  return Array.isArray(parsed) && parsed.length === count && parsed.every(isVector)
    ? parsed as number[][]
    : null;
}

/**
 * Cosine similarity of two vectors (0 when either is all zeros).
 *
 * @throws {RangeError} When the lengths differ.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cosineSimilarity } from "./embed.ts";
 * assert.ok(cosineSimilarity([1, 0], [2, 0]) === 1 && cosineSimilarity([1, 0], [0, 3]) === 0);
 * ```
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new RangeError(`vector lengths differ: ${a.length}, ${b.length}`);
  }
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Words that carry no topic (left out of the hashed bag of words). */
const STOP_WORDS = new Set(
  "a an the and or of to in on for with is are be it its this that as at by from do does not no never don't dont avoid"
    .split(" "),
);

/**
 * A deterministic, unit-length bag-of-words vector (lower-cased words, stop and negation words
 * left out, FNV-1a hashed into {@linkcode HASHED_EMBEDDING_DIMENSIONS} buckets). Texts on the same
 * topic are close whatever their polarity ("penalize long summaries" and "do not penalize long
 * summaries" are identical), so a planted contradiction is detectable. Synthetic: never a model's
 * embedding.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cosineSimilarity, hashedEmbedding } from "./embed.ts";
 * const v = hashedEmbedding("Penalize long summaries.");
 * assert.ok(v.length === 256 && Math.abs(cosineSimilarity(v, v) - 1) < 1e-12);
 * assert.ok(cosineSimilarity(v, hashedEmbedding("Do not penalize long summaries")) > 0.99);
 * ```
 */
export function hashedEmbedding(text: string, dimensions = HASHED_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9']+/g) ?? []) {
    if (STOP_WORDS.has(word)) continue;
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) {
      hash ^= word.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    vector[hash % dimensions] += 1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}
