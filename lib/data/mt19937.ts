/**
 * The Mersenne Twister (MT19937) exactly as numpy's legacy `numpy.random.RandomState(seed)` uses
 * it, so the kit can reproduce pandas `sample(frac=1, random_state=seed)` orders bit for bit.
 *
 * @module
 */
import type { RandomSource } from "../random.ts";

const N = 624;
const M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/**
 * MT19937 seeded like numpy's legacy `RandomState(int)` (`init_genrand`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Mt19937 } from "./mt19937.ts";
 * // numpy: np.random.RandomState(42)._bit_generator.random_raw() == 1608637542
 * assert(new Mt19937(42).nextUint32() === 1608637542);
 * ```
 */
export class Mt19937 {
  #state = new Uint32Array(N);
  #pos = N;

  /**
   * Seeds the generator.
   *
   * @param seed An integer in [0, 2^32 - 1], as numpy accepts it.
   * @throws {RangeError} If `seed` is not such an integer.
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2^32 - 1], got ${seed}`);
    }
    const mt = this.#state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** Next raw 32-bit output (`genrand_int32`), as an unsigned integer. */
  nextUint32(): number {
    if (this.#pos >= N) this.#twist();
    let y = this.#state[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Next double in [0, 1) with 53 random bits, as numpy's `random_sample`. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, max] by masked rejection sampling (numpy's `random_interval`):
   * 32-bit draws while `max <= 0xffffffff`, 64-bit draws (two outputs, high word first) beyond.
   *
   * @param max Inclusive upper bound, a non-negative safe integer.
   */
  randomInterval(max: number): number {
    if (!Number.isSafeInteger(max) || max < 0) {
      throw new RangeError(`max must be a non-negative safe integer, got ${max}`);
    }
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      let mask = max;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      mask >>>= 0;
      let value: number;
      do value = (this.nextUint32() & mask) >>> 0; while (value > max);
      return value;
    }
    const big = BigInt(max);
    let mask = big;
    for (const shift of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> shift;
    let value: bigint;
    do {
      const high = BigInt(this.nextUint32());
      value = ((high << 32n) | BigInt(this.nextUint32())) & mask;
    } while (value > big);
    return Number(value);
  }

  #twist(): void {
    const mt = this.#state;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.#pos = 0;
  }
}

/**
 * numpy's legacy `RandomState(seed).permutation(n)`: `arange(n)` shuffled in place from the last
 * position down, swapping position i with `random_interval(i)`. This is also the row order of
 * pandas `df.sample(frac=1, random_state=seed)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numpyPermutation } from "./mt19937.ts";
 * // numpy: np.random.RandomState(42).permutation(3) -> [0, 1, 2]; permutation(5) -> [1, 4, 2, 0, 3]
 * assert(numpyPermutation(42, 5).join() === "1,4,2,0,3");
 * ```
 */
export function numpyPermutation(seed: number, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`n must be a non-negative integer, got ${n}`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Mt19937(seed);
  for (let i = n - 1; i >= 1; i--) {
    const j = rng.randomInterval(i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * Reorders `rows` like pandas `sample(frac=1, random_state=seed)`: result[j] = rows[p[j]] with
 * p = {@linkcode numpyPermutation}(seed, rows.length). Returns a new array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numpySample } from "./mt19937.ts";
 * assert(numpySample(42, ["a", "b", "c", "d", "e"]).join("") === "becad");
 * ```
 */
export function numpySample<T>(seed: number, rows: readonly T[]): T[] {
  return numpyPermutation(seed, rows.length).map((i) => rows[i]);
}

/**
 * A {@linkcode RandomSource} backed by {@linkcode Mt19937}; `next()` equals numpy's legacy
 * `RandomState(seed).random_sample()` sequence.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { numpyRandom } from "./mt19937.ts";
 * // numpy: np.random.RandomState(0).random_sample() == 0.5488135039273248
 * assert(numpyRandom(0).next() === 0.5488135039273248);
 * ```
 */
export function numpyRandom(seed: number): RandomSource {
  const rng = new Mt19937(seed);
  return { next: () => rng.nextDouble() };
}
