/**
 * Seeded randomness. Every function of the kit that needs randomness takes a
 * {@linkcode RandomSource}; none uses `Math.random`.
 *
 * @module
 */

/** A source of uniform numbers in [0, 1). */
export interface RandomSource {
  /** Next uniform number in [0, 1). */
  next(): number;
}

/**
 * A fast, seeded source (splitmix32). Equal seeds give equal sequences. A numeric seed is taken
 * as an unsigned 32-bit integer (`seed >>> 0`); a string seed is hashed with {@linkcode hashString}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "./random.ts";
 * const a = seededRandom(7), b = seededRandom(7);
 * assert.ok(a.next() === b.next());
 * ```
 */
export function seededRandom(seed: number | string): RandomSource {
  let state = typeof seed === "number" ? seed >>> 0 : hashString(seed);
  return {
    next() {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      z = (z ^ (z >>> 16)) >>> 0;
      return z / 4294967296;
    },
  };
}

/**
 * 32-bit FNV-1a hash of a string, for deriving seeds from names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashString } from "./random.ts";
 * assert.ok(hashString("run-1") !== hashString("run-2"));
 * ```
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A uniform integer in [0, n).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomInt, seededRandom } from "./random.ts";
 * const k = randomInt(seededRandom(1), 6);
 * assert.ok(k >= 0 && k < 6);
 * ```
 */
export function randomInt(source: RandomSource, n: number): number {
  return Math.floor(source.next() * n);
}
