import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { ignoreWithoutData, runCli } from "./_cli.ts";

const RATE = new URL("../../lib/cli/rate.ts", import.meta.url).pathname;
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

function spawnRate(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", DENO_JSON, RATE, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

async function rate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await spawnRate(args).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

function snapshot(path: string) {
  const store = ExperimentStore.open(path);
  try {
    return {
      ratings: store.table("ratings"),
      noise: store.table("noise_repeats"),
      oracle: store.table("oracle_combinations"),
      sentCalls: store.table("calls").filter((c) => c.cached === 0).length,
    };
  } finally {
    store.close();
  }
}

Deno.test({
  name:
    "cli: rate adds ratings, the noise control and the oracle combination; a second run changes nothing",
  ignore: ignoreWithoutData,
  async fn() {
    const dir = await Deno.makeTempDir();
    const made = await runCli([
      "--dry-run",
      "--modes",
      "SSS,CCC,Single",
      "--gates",
      "none",
      "--runs",
      "1",
      "--steps",
      "2",
      "--test-limit",
      "8",
      "--validation-size",
      "6",
      "--quiet",
      "--out",
      dir,
    ]);
    assert.equal(made.code, 0, made.stderr);

    const first = await rate(["--out", dir, "--noise", "2", "--oracle"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /DRY RUN \(synthetic outputs\) specificity: 24 ratings stored/);
    assert.match(first.stdout, /adherence: 24 ratings stored/);
    assert.match(first.stdout, /noise control: 2 repeats/);
    assert.match(
      first.stdout,
      /oracle combination gate none \(validation selection, pick spearman\)/,
    );
    const after = snapshot(`${dir}/experiment.sqlite`);
    // SSS and CCC: 2 steps × 4 criteria; 4 Single runs: 2 steps × 1 criterion → 24 per rater.
    assert.equal(after.ratings.length, 48);
    assert.equal(after.noise.length, 2);
    assert.equal(after.oracle.length, 1);

    const second = await rate(["--out", dir, "--noise", "2", "--oracle"]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /0 new this pass/);
    assert.deepEqual(snapshot(`${dir}/experiment.sqlite`), after, "no new call, nothing changed");
    await Deno.remove(dir, { recursive: true });
  },
});

const SMALL_SSC = [
  "--dry-run",
  "--modes",
  "SSC",
  "--gates",
  "none",
  "--runs",
  "1",
  "--steps",
  "2",
  "--test-limit",
  "8",
  "--validation-size",
  "6",
  "--quiet",
];

function ratingCount(path: string): number {
  const store = ExperimentStore.open(path);
  try {
    return store.ratings().length;
  } finally {
    store.close();
  }
}

Deno.test({
  name: "cli: rate killed with SIGKILL keeps every stored rating and finishes to the same table",
  ignore: ignoreWithoutData,
  async fn() {
    const killed = await Deno.makeTempDir();
    const made = await runCli([...SMALL_SSC, "--out", killed]);
    assert.equal(made.code, 0, made.stderr);
    const whole = await Deno.makeTempDir();
    for (const file of ["experiment.sqlite", "cache.sqlite"]) {
      await Deno.copyFile(`${killed}/${file}`, `${whole}/${file}`);
    }
    const store = `${killed}/experiment.sqlite`;
    const child = spawnRate(["--out", killed, "--concurrency", "1", "--latency-ms", "150"]);
    const deadline = Date.now() + 30_000;
    while (ratingCount(store) < 3) {
      assert.ok(Date.now() < deadline, "no rating stored within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    child.kill("SIGKILL");
    assert.equal((await child.status).success, false);
    await child.stdout.cancel();
    await child.stderr.cancel();
    const atKill = ratingCount(store);
    assert.ok(atKill >= 3 && atKill < 16, `killed mid-way (${atKill}/16)`);

    const resumed = await rate(["--out", killed]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(
      resumed.stdout,
      new RegExp(`16 units \\(specificity, adherence\\), ${atKill} already stored`),
    );
    const uninterrupted = await rate(["--out", whole]);
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
    const table = (path: string) => snapshot(path).ratings;
    assert.deepEqual(table(store), table(`${whole}/experiment.sqlite`));
    await Deno.remove(killed, { recursive: true });
    await Deno.remove(whole, { recursive: true });
  },
});

Deno.test("cli: rate explains a missing experiment and bad flags in one line each", async () => {
  const missing = await rate(["--out", "/nonexistent/collide"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /holds no experiment/);
  const bad = await rate(["--out", "x", "--kinds", "clarity"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--kinds: unknown rater clarity/);
});
