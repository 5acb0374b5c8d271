import assert from "node:assert/strict";
import { join } from "node:path";
import { fetchData } from "../../lib/data/fetch_data.ts";
import { sha256Hex } from "../../lib/data/checksum.ts";
import { DataError } from "../../lib/data/data_error.ts";
import { BRIGHTER_RECIPE, type DatasetRecipe, SUMMEVAL_RECIPE } from "../../lib/data/sources.ts";
import { noTestData, testDataDir } from "../_data_dir.ts";

const fixtures = new URL("../fixtures/data/", import.meta.url);
const rawFile: Record<string, string> = {
  ppairs: "raw/ppairs_synthetic.jsonl",
  metricEval: "raw/metric_scores_long.csv",
  bartscore: "raw/data.pkl",
  train: "raw/track_b/train/eng.csv",
  dev: "raw/track_b/dev/eng.csv",
  test: "raw/track_b/test/eng.csv",
};

/** The synthetic expected output for a kit file (fixture names never match the real data files). */
const expectedFixture = (file: string) =>
  `expected/${file.replace(/\.jsonl$/, ".synthetic.jsonl")}`;

const fixture = (path: string) => Deno.readFile(new URL(path, fixtures));
const silent = () => {};

/** The real recipes with checksums of the synthetic fixtures (same repos, paths and conversions). */
async function fixtureRecipes(): Promise<DatasetRecipe[]> {
  const retarget = async (recipe: DatasetRecipe): Promise<DatasetRecipe> => ({
    ...recipe,
    sources: await Promise.all(recipe.sources.map(async (s) => ({
      ...s,
      sha256: await sha256Hex(await fixture(rawFile[s.key])),
    }))),
    outputs: await Promise.all(recipe.outputs.map(async (o) => ({
      ...o,
      sha256: await sha256Hex(await fixture(expectedFixture(o.file))),
    }))),
  });
  return [await retarget(SUMMEVAL_RECIPE), await retarget(BRIGHTER_RECIPE)];
}

/** Serves each recipe source at /<repo>/<commit>/<path>; `tamper` may alter a body. */
function serve(recipes: DatasetRecipe[], tamper: (key: string, b: Uint8Array) => Uint8Array) {
  const routes = new Map(
    recipes.flatMap((r) => r.sources).map((s) => [
      `/${s.repo}/${s.commit}/${s.path}`,
      s.key,
    ]),
  );
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: silent }, async (req) => {
    const path = new URL(req.url).pathname;
    requests.push(path);
    const key = routes.get(path);
    if (key === undefined) return new Response("not found", { status: 404 });
    return new Response(tamper(key, await fixture(rawFile[key])) as Uint8Array<ArrayBuffer>);
  });
  return { server, requests, baseUrl: `http://127.0.0.1:${server.addr.port}` };
}

async function assertOutputsEqualExpected(outDir: string, recipes: DatasetRecipe[]) {
  for (const output of recipes.flatMap((r) => r.outputs)) {
    assert.deepEqual(
      await Deno.readFile(join(outDir, output.file)),
      await fixture(expectedFixture(output.file)),
      output.file,
    );
  }
}

Deno.test("fetchData downloads, verifies and converts both datasets byte-exactly", async () => {
  const recipes = await fixtureRecipes();
  const { server, requests, baseUrl } = serve(recipes, (_, b) => b);
  try {
    const outDir = await Deno.makeTempDir();
    const lines: string[] = [];
    const results = await fetchData({ recipes, baseUrl, outDir, log: (l) => lines.push(l) });
    assert.deepEqual(results.map((r) => r.action), ["downloaded", "downloaded"]);
    assert.equal(requests.length, 6);
    assert.ok(
      requests.includes(`/maiush/PPairS/${SUMMEVAL_RECIPE.sources[0].commit}/data/summeval.jsonl`),
    );
    await assertOutputsEqualExpected(outDir, recipes);
    assert.ok(lines.some((l) => l.includes("sha256 verified")));
    const again = await fetchData({ recipes, baseUrl, outDir, log: silent });
    assert.deepEqual(again.map((r) => r.action), ["up-to-date", "up-to-date"]);
    assert.equal(requests.length, 6, "verified files are not downloaded again");
  } finally {
    await server.shutdown();
  }
});

Deno.test("fetchData rejects a tampered download naming the URL and both hashes; writes nothing", async () => {
  const recipes = await fixtureRecipes();
  const { server, baseUrl } = serve(recipes, (key, b) => key === "bartscore" ? b.slice(1) : b);
  try {
    const outDir = await Deno.makeTempDir();
    const expected = recipes[0].sources.find((s) => s.key === "bartscore")!.sha256;
    await assert.rejects(
      () => fetchData({ recipes: [recipes[0]], baseUrl, outDir, log: silent }),
      (error: unknown) =>
        error instanceof DataError && error.file.endsWith("/SUM/SummEval/data.pkl") &&
        error.message.includes(expected) && /sha256 mismatch/.test(error.message),
    );
    assert.deepEqual([...Deno.readDirSync(outDir)], []);
  } finally {
    await server.shutdown();
  }
});

Deno.test("fetchData reports an HTTP error with the URL", async () => {
  const recipes = await fixtureRecipes();
  const { server, baseUrl } = serve([], (_, b) => b);
  try {
    await assert.rejects(
      () =>
        fetchData({ recipes: [recipes[1]], baseUrl, outDir: Deno.makeTempDirSync(), log: silent }),
      (error: unknown) => error instanceof DataError && /HTTP 404/.test(error.message),
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("fetchData --from a folder of raw sources converts them without network", async () => {
  const recipes = await fixtureRecipes();
  const outDir = await Deno.makeTempDir();
  const results = await fetchData({
    recipes,
    from: new URL("raw", fixtures).pathname,
    outDir,
    baseUrl: "http://127.0.0.1:9/unreachable",
    log: silent,
  });
  assert.deepEqual(results.map((r) => r.action), ["converted", "converted"]);
  await assertOutputsEqualExpected(outDir, recipes);
});

Deno.test("fetchData --from a folder lacking a dataset names what is missing", async () => {
  const recipes = await fixtureRecipes();
  await assert.rejects(
    () =>
      fetchData({
        recipes,
        from: new URL("raw/track_b", fixtures).pathname,
        outDir: Deno.makeTempDirSync(),
        log: silent,
      }),
    (error: unknown) =>
      error instanceof DataError && /summeval not found/.test(error.message) &&
      error.message.includes("summeval/summeval.jsonl"),
  );
});

const dataDir = testDataDir;

Deno.test({
  name: "cli.ts --from $COLLIDE_DATA_DIR copies and verifies the canonical kit files",
  ignore: noTestData,
  async fn() {
    const outDir = await Deno.makeTempDir();
    const cli = new URL("../../lib/data/cli.ts", import.meta.url).pathname;
    const run = (args: string[]) =>
      new Deno.Command(Deno.execPath(), { args: ["run", "-A", cli, ...args] }).output();
    const result = await run(["--from", dataDir!, "--out", outDir]);
    const stdout = new TextDecoder().decode(result.stdout);
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
    assert.match(stdout, /done: summeval copied, brighter copied/);
    for (const output of [...SUMMEVAL_RECIPE.outputs, ...BRIGHTER_RECIPE.outputs]) {
      assert.equal(await sha256Hex(await Deno.readFile(join(outDir, output.file))), output.sha256);
    }
    const usage = await run(["--only", "wildguard"]);
    assert.equal(usage.code, 2);
    assert.match(new TextDecoder().decode(usage.stderr), /unknown dataset wildguard/);
  },
});
