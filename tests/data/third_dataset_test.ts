/**
 * A third dataset needs only a spec and a loader: this toy product-review dataset reuses the
 * generic reader, file lookup, checksum and split machinery without touching anything else.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { DataError } from "../../lib/data/data_error.ts";
import { readJsonl } from "../../lib/data/jsonl.ts";
import { locateDataFile, type LocateOptions } from "../../lib/data/locate.ts";
import { splitExamples } from "../../lib/data/splits.ts";
import { type DatasetSpec, DatasetSpecSchema, type Example } from "../../lib/data/types.ts";

const REVIEWS_SPEC: DatasetSpec = {
  name: "reviews",
  criteria: [
    { name: "helpfulness", description: "Useful to a buyer.", scale: { min: 1, max: 3 } },
    { name: "tone", description: "Politeness of the wording.", scale: { min: 1, max: 3 } },
  ],
  inputs: [{ key: "review", label: "Review" }],
  directive: "You are a careful rater.\n\n## Task\nRate the Review, following the Instructions.",
  seedInstruction: "Rate from {min} to {max}.",
};

const score = (name: string) => {
  const { min, max } = REVIEWS_SPEC.criteria.find((c) => c.name === name)!.scale;
  return z.number().int().min(min).max(max);
};
const Row = z.object({
  id: z.string(),
  product: z.string(),
  review: z.string().min(1),
  helpfulness: score("helpfulness"),
  tone: score("tone"),
});

async function loadReviews(options: LocateOptions = {}): Promise<Example[]> {
  const { path } = await locateDataFile("reviews/reviews.jsonl", options);
  const rows = await readJsonl(path, Row);
  return rows.map((r) => ({
    id: r.id,
    itemId: r.id,
    group: r.product,
    inputs: { review: r.review },
    labels: { helpfulness: r.helpfulness, tone: r.tone },
  }));
}

const toyDir = new URL("../fixtures/data/toy", import.meta.url).pathname;

Deno.test("a third dataset is a spec plus a loader, and the generic splits work on it", async () => {
  assert.ok(DatasetSpecSchema.safeParse(REVIEWS_SPEC).success);
  const rows = await loadReviews({ dataDir: toyDir });
  assert.equal(rows.length, 6);
  assert.deepEqual(Object.keys(rows[0].labels), REVIEWS_SPEC.criteria.map((c) => c.name));
  const split = splitExamples(rows, {
    unit: "group",
    train: 2,
    test: 1,
    validation: { from: "rest", size: 1 },
  });
  const products = (xs: Example[]) => new Set(xs.map((x) => x.group));
  const train = products(split.train);
  assert.equal(train.size, 2);
  assert.ok([...products(split.test), ...products(split.validation)].every((p) => !train.has(p)));
  assert.equal(split.train.length + split.test.length + split.validation.length, 6);
});

Deno.test("the third dataset's scale is enforced by the shared reader", async () => {
  const path = `${await Deno.makeTempDir()}/reviews.jsonl`;
  await Deno.writeTextFile(
    path,
    '{"id":"x","product":"p","review":"ok","helpfulness":4,"tone":1}\n',
  );
  await assert.rejects(
    () => loadReviews({ path }),
    (e: unknown) => e instanceof DataError && e.line === 1 && e.field === "helpfulness",
  );
});
