import assert from "node:assert/strict";
import { Mt19937, numpyPermutation, numpyRandom, numpySample } from "../../lib/data/mt19937.ts";

interface Reference {
  permutations: { seed: number; n: number; permutation: number[] }[];
  raw_uint32_seed42_first1300: number[];
  random_sample_first5: Record<string, number[]>;
  interval64: { seed: number; max: number; values: number[] }[];
}

const reference: Reference = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/data/numpy_reference.json", import.meta.url)),
);

Deno.test("Mt19937 raw outputs equal numpy's across a state regeneration (1300 > 624)", () => {
  const rng = new Mt19937(42);
  const got = reference.raw_uint32_seed42_first1300.map(() => rng.nextUint32());
  assert.deepEqual(got, reference.raw_uint32_seed42_first1300);
});

Deno.test("numpyPermutation equals numpy's legacy RandomState(seed).permutation(n)", () => {
  assert.ok(reference.permutations.length >= 9);
  for (const { seed, n, permutation } of reference.permutations) {
    assert.deepEqual(numpyPermutation(seed, n), permutation, `seed ${seed}, n ${n}`);
  }
});

Deno.test("numpySample reorders rows like pandas sample(frac=1, random_state=seed)", () => {
  const rows = Array.from({ length: 160 }, (_, i) => `row${i}`);
  const p = reference.permutations.find((c) => c.seed === 42 && c.n === 160)!.permutation;
  assert.deepEqual(numpySample(42, rows), p.map((i) => `row${i}`));
});

Deno.test("numpyRandom equals numpy's random_sample sequence", () => {
  for (const [seed, values] of Object.entries(reference.random_sample_first5)) {
    const source = numpyRandom(Number(seed));
    assert.deepEqual(values.map(() => source.next()), values, `seed ${seed}`);
  }
});

Deno.test("randomInterval uses numpy's 64-bit masked path above 2^32", () => {
  for (const { seed, max, values } of reference.interval64) {
    const rng = new Mt19937(seed);
    assert.deepEqual(values.map(() => rng.randomInterval(max)), values, `seed ${seed}`);
  }
});

Deno.test("Mt19937 rejects seeds numpy rejects", () => {
  assert.throws(() => new Mt19937(-1), RangeError);
  assert.throws(() => new Mt19937(2 ** 32), RangeError);
  assert.throws(() => new Mt19937(1.5), RangeError);
  assert.deepEqual(numpyPermutation(0, 0), []);
  assert.deepEqual(numpyPermutation(5, 1), [0]);
});
