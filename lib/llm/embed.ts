/**
 * Embeddings through the LLM layer: one request per text to the `embedder` role's
 * OpenAI-compatible `/embeddings` route, through the same call cache, budget, scheduler and call
 * log as chat calls. The dry-run backend (and the fake server) answer with a hashed bag of words.
 *
 * @module
 */
import { MalformedResponseError } from "./errors.ts";
import type { LlmGateway } from "./types.ts";

/** Dimensions of the dry-run backend's (and the fake server's) hashed bag-of-words vectors. */
export const HASHED_EMBEDDING_DIMENSIONS = 256;

/** Options of {@linkcode embedTexts}. */
export interface EmbedOptions {
  /** The role whose endpoint embeds (default `embedder`). */
  role?: string;
  /** Label prefix of the calls (each call's label ends with `embed <i>`). */
  label?: string;
  /** Cancels the calls. */
  signal?: AbortSignal;
}

/**
 * Embeds each text: one `/embeddings` call per text (cached like any call), in input order.
 *
 * @throws {MalformedResponseError} When an answer is not a JSON array of numbers.
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
 * llm.close();
 * ```
 */
export function embedTexts(
  llm: LlmGateway,
  texts: readonly string[],
  options: EmbedOptions = {},
): Promise<number[][]> {
  const role = options.role ?? "embedder";
  return Promise.all(texts.map(async (text, i) => {
    const label = `${options.label ? `${options.label} ` : ""}embed ${i}`;
    const result = await llm.complete({
      role,
      messages: [{ role: "user", content: text }],
      hint: { kind: "embedding" },
      label,
    }, { signal: options.signal });
    let vector: unknown;
    try {
      vector = JSON.parse(result.text);
    } catch {
      vector = null;
    }
    if (!Array.isArray(vector) || !vector.every((x) => typeof x === "number")) {
      throw new MalformedResponseError(`${label}: the ${role} answer is not a vector`, { label });
    }
    return vector as number[];
  }));
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
