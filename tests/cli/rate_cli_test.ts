import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { ignoreWithoutData, runCli } from "./_cli.ts";

const RATE = new URL("../../lib/cli/rate.ts", import.meta.url).pathname;
const DENO_JSON = new URL("../../deno.json", import.meta.url).pathname;

async function rate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--config", DENO_JSON, RATE, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
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

Deno.test("cli: rate explains a missing experiment and bad flags in one line each", async () => {
  const missing = await rate(["--out", "/nonexistent/collide"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /holds no experiment/);
  const bad = await rate(["--out", "x", "--kinds", "clarity"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--kinds: unknown rater clarity/);
});
