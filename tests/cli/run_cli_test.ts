import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { fakeLlmSection, respondByRole } from "../_fake_endpoint.ts";
import { comparableRecords } from "../experiment/_records.ts";
import { ignoreWithoutData, runCli, spawnCli } from "./_cli.ts";

const SMALL = [
  "--dry-run",
  "--modes",
  "SSS,CCC",
  "--gates",
  "mae",
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

function completedSteps(path: string): { runId: string; step: number }[] {
  try {
    Deno.statSync(path);
  } catch {
    return [];
  }
  const store = ExperimentStore.open(path);
  try {
    return (store.table("steps") as { run_id: string; step: number }[]).map((r) => ({
      runId: r.run_id,
      step: r.step,
    }));
  } finally {
    store.close();
  }
}

Deno.test({
  name: "cli: an experiment killed mid-step resumes to the same records as an uninterrupted one",
  ignore: ignoreWithoutData,
  async fn() {
    const killed = await Deno.makeTempDir();
    const whole = await Deno.makeTempDir();
    const child = spawnCli([...SMALL, "--latency-ms", "150", "--out", killed]);
    const store = `${killed}/experiment.sqlite`;
    const deadline = Date.now() + 30_000;
    while (!completedSteps(store).some((s) => s.step >= 1)) {
      assert.ok(Date.now() < deadline, "the CLI stored no optimization step within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    child.kill("SIGKILL");
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.equal(status.success, false, "the process was killed, not finished");
    const atKill = completedSteps(store);
    assert.ok(atKill.length < 6, `some steps were still missing when killed (${atKill.length}/6)`);

    const resumed = await runCli(["--resume", "--out", killed, "--quiet"]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /DRY RUN \(synthetic outputs\)/);
    const uninterrupted = await runCli([...SMALL, "--out", whole]);
    assert.equal(uninterrupted.code, 0, uninterrupted.stderr);

    assert.deepEqual(comparableRecords(store), comparableRecords(`${whole}/experiment.sqlite`));
    await Deno.remove(killed, { recursive: true });
    await Deno.remove(whole, { recursive: true });
  },
});

Deno.test({
  name: "cli: --dry-run alone runs a small SSS/CCC grid offline and prints the estimate",
  ignore: ignoreWithoutData,
  async fn() {
    const cwd = await Deno.makeTempDir();
    const result = await runCli(["--dry-run", "--quiet"], cwd);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^DRY RUN \(synthetic outputs\) experiment runs\/dry-run-/m);
    assert.match(result.stdout, /modes SSS,CCC × gates mae × 1 runs, 2 steps/);
    assert.match(result.stdout, /test 40\)/);
    assert.match(result.stdout, /^Summary — DRY RUN \(synthetic outputs\)/m);
    assert.match(result.stdout, /^textgrad\/SSS\/mae +1\/1 /m);
    assert.match(result.stdout, /^textgrad\/CCC\/mae +1\/1 /m);
    assert.match(result.stdout, /^Estimate — DRY RUN \(synthetic outputs\)/m);
    assert.match(result.stdout, /^optimizer +\d+/m);
    const [folder] = [...Deno.readDirSync(`${cwd}/runs`)];
    assert.ok(Deno.statSync(`${cwd}/runs/${folder.name}/experiment.sqlite`).isFile);
    await Deno.remove(cwd, { recursive: true });
  },
});

Deno.test({
  name: "cli: a live run over HTTP against the fake OpenAI server completes and stores its calls",
  ignore: ignoreWithoutData,
  async fn() {
    await using server = await startFakeOpenAi({ respond: respondByRole });
    const dir = await Deno.makeTempDir();
    const config = {
      modes: ["CCC"],
      gates: ["mae"],
      runs: 1,
      steps: 1,
      testLimit: 6,
      validationSize: 6,
      backend: "openai",
      out: `${dir}/out`,
      llm: fakeLlmSection(server.url),
    };
    await Deno.writeTextFile(`${dir}/experiment.json`, JSON.stringify(config));
    const result = await runCli(["--config", `${dir}/experiment.json`]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /Estimate — DRY RUN/, "a live run prints the estimate first");
    assert.doesNotMatch(result.stdout, /^Summary — DRY RUN/m);

    const store = ExperimentStore.open(`${dir}/out/experiment.sqlite`);
    const calls = [...store.calls()];
    assert.ok(calls.length > 0);
    assert.ok(calls.every((c) => !c.dryRun && c.error === null && c.model.startsWith("fake-")));
    const sent = calls.filter((c) => !c.cached).length;
    assert.ok(sent > 0);
    assert.equal(server.requests.length, sent, "every sent call reached the server over HTTP");
    assert.equal(store.run("textgrad/CCC/mae/r1")!.status, "done");
    assert.deepEqual(store.steps("textgrad/CCC/mae/r1").map((s) => s.step), [0, 1]);
    assert.ok(store.callTotals().costUsd > 0);
    store.close();
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "cli: OPRO under the paper profile runs one configuration without a gate and says so",
  ignore: ignoreWithoutData,
  async fn() {
    const out = await Deno.makeTempDir();
    try {
      const args = [...SMALL, "--steps", "1", "--algorithm", "opro", "--profile", "paper"];
      const { code, stdout, stderr } = await runCli([...args, "--out", out]);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /warning: OPRO ignores modes SSS,CCC/);
      assert.match(stderr, /warning: OPRO runs without the validation gate/);
      assert.match(stdout, /opro modes CCC × gates none/);
      const store = ExperimentStore.open(`${out}/experiment.sqlite`);
      try {
        assert.deepEqual(store.runs().map((r) => r.runId), ["opro/CCC/none/r1"]);
      } finally {
        store.close();
      }
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
