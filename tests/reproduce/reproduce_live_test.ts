import assert from "node:assert/strict";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { buildStudyPlan } from "../../lib/reproduce/plan.ts";
import { runStudy } from "../../lib/reproduce/run_study.ts";
import { readStudyState } from "../../lib/reproduce/state.ts";
import { startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { fakeLlmSection, respondByRole, STEP_ROLES } from "../_fake_endpoint.ts";
import { noTestData } from "../_data_dir.ts";
import { reproduce } from "./_reproduce.ts";

async function writeConfig(dir: string, url: string): Promise<string> {
  const config = {
    runs: 1,
    steps: 1,
    testLimit: 4,
    validationSize: 4,
    llm: fakeLlmSection(url, [...STEP_ROLES, "rater"]),
  };
  await Deno.writeTextFile(`${dir}/study.json`, JSON.stringify(config));
  return `${dir}/study.json`;
}

Deno.test({
  name:
    "reproduce live over HTTP (fake server): no TTY and no --yes stops with exit 2 before any call; " +
    "a budget pauses cleanly; --yes completes the small study",
  ignore: noTestData,
  async fn() {
    await using server = await startFakeOpenAi({
      respond: respondByRole,
      latency: { fixedMs: 2, jitterMs: 3 },
    });
    const dir = await Deno.makeTempDir();
    const config = await writeConfig(dir, server.url);
    const out = `${dir}/study`;
    const base = ["--config", config, "--out", out, "--noise", "2", "--formats", "html"];

    const refused = await reproduce(base, dir);
    assert.equal(refused.code, 2, refused.stderr + refused.stdout);
    assert.match(refused.stdout, /Estimate before the paid calls/);
    assert.match(refused.stdout, /experiment\s+judge\s+\d+/);
    assert.match(refused.stdout, /ratings\s+rater\s+\d+/);
    assert.match(refused.stderr, /not a terminal and --yes was not given/);
    assert.equal(server.requests.length, 0, "no paid call before confirmation");

    // At a terminal the user is asked; a "no" sends nothing either.
    const plan = await buildStudyPlan({ config, out, noiseRepeats: 2, env: () => undefined });
    assert.ok(plan.ok);
    const asked: string[] = [];
    const lines: string[] = [];
    const declined = await runStudy(plan.value, {
      ask: (question) => (asked.push(question), Promise.resolve(false)),
      io: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      figureFormats: ["html"],
    });
    assert.equal(declined, 2);
    assert.deepEqual(asked, ["Start the paid calls? [y/N] "]);
    assert.ok(lines.includes("Not confirmed: nothing was sent."));
    assert.equal(server.requests.length, 0);

    const paused = await reproduce([...base, "--yes", "--budget", "0.02"], dir);
    assert.equal(paused.code, 3, paused.stderr + paused.stdout);
    assert.match(paused.stderr, /paused/);
    assert.match(paused.stderr, /Run the same command again/);
    const sentBefore = server.requests.length;
    assert.ok(sentBefore > 0);

    const done = await reproduce([...base, "--yes", "--budget", "100"], dir);
    assert.equal(done.code, 0, done.stderr + done.stdout);
    assert.doesNotMatch(done.stdout, /DRY RUN/);
    const state = await readStudyState(out);
    assert.ok(Object.values(state!.phases).every((p) => p.status === "done"));
    const report = await Deno.readTextFile(`${out}/REPORT.md`);
    assert.doesNotMatch(report, /DRY RUN/);
    assert.match(report, /\| judge \| fake-judge \|/);
    assert.match(report, /## Table 2: oracle combination/);

    // Another judge model would change the results: refused, naming the field.
    const other = JSON.parse(await Deno.readTextFile(config));
    other.llm.roles.judge.model = "fake-judge-2";
    await Deno.writeTextFile(`${dir}/other.json`, JSON.stringify(other));
    const changed = await reproduce(
      [...base.slice(2), "--config", `${dir}/other.json`, "--yes"],
      dir,
    );
    assert.equal(changed.code, 2, changed.stderr);
    assert.match(changed.stderr, /models\.judge\.model: "fake-judge" → "fake-judge-2"/);

    const store = ExperimentStore.open(`${out}/experiment.sqlite`);
    try {
      const calls = [...store.calls()];
      const refusedByBudget = calls.filter((c) => c.error?.startsWith("BudgetExceededError"));
      assert.ok(refusedByBudget.length > 0, "the budget stopped calls before they were sent");
      assert.ok(
        calls.filter((c) => c.error === null).every((c) =>
          !c.dryRun && c.model.startsWith("fake-")
        ),
      );
      // Every answered call reached the server over HTTP (a call in flight when the budget
      // paused the study may have reached it without being logged).
      const sent = calls.filter((c) => !c.cached && c.error === null).length;
      assert.ok(server.requests.length > sentBefore && server.requests.length >= sent);
      assert.ok(store.runs().every((r) => r.status === "done"));
      assert.ok(store.ratings().length > 0 && store.noiseRepeats().length === 2);
      assert.equal(store.oracleCombinations().length, 4);
    } finally {
      store.close();
    }
    await Deno.remove(dir, { recursive: true });
  },
});
