// `deno task reproduce --mitigations`: the paired mitigation study as a phase, in dry run; added
// to a finished study it runs alone (figures and report redone), it resumes after a SIGKILL, and
// a rerun without the flag is refused with the field named.
import assert from "node:assert/strict";
import { parseReproduceArgs } from "../../lib/cli/reproduce_args.ts";
import { readMitigationStudy } from "../../lib/experiment/mitigation_study.ts";
import { buildStudyPlan } from "../../lib/reproduce/plan.ts";
import { DEFAULT_STUDY_ARMS, mitigationStudyConfig } from "../../lib/reproduce/mitigation_plan.ts";
import { MITIGATION_SECTION } from "../../lib/reproduce/report.ts";
import { readStudyState } from "../../lib/reproduce/state.ts";
import { noTestData } from "../_data_dir.ts";
import { DRY_OUT, killWhen, reproduce, spawnReproduce } from "./_reproduce.ts";

const SMALL = ["--runs", "1", "--steps", "1", "--formats", "html"];

/** The report's mitigation section (up to the next section). */
function section(report: string): string {
  const start = report.indexOf(MITIGATION_SECTION);
  assert.ok(start >= 0, "the report has the mitigation section");
  return report.slice(start, report.indexOf("\n## ", start));
}

Deno.test("reproduce --mitigations: the flag parses; the plan holds the arms, the main experiment stays the paper's", async () => {
  const args = parseReproduceArgs(["--mitigations", "--runs", "1"]);
  assert.ok(args.ok && args.value.plan.mitigations === true);
  const off = parseReproduceArgs([]);
  assert.ok(off.ok && off.value.plan.mitigations === false);
  const plan = await buildStudyPlan({ ...args.value.plan, env: () => undefined });
  assert.ok(plan.ok);
  assert.deepEqual(plan.value.mitigations?.arms, DEFAULT_STUDY_ARMS);
  const study = mitigationStudyConfig(plan.value.config, plan.value.dryRun);
  assert.deepEqual([study.modes, study.gates, study.runs], [["SSC", "CCC"], ["mae"], 1]);
  const none = await buildStudyPlan({ env: () => undefined });
  assert.ok(none.ok && none.value.mitigations === null);
  // A config's switches name the arms; they leave the main experiment.
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/study.json`,
      JSON.stringify({
        backend: "dry-run",
        llm: { cache: { mode: "live" } },
        mitigations: { specificityRouter: { threshold: 5 } },
      }),
    );
    const own = await buildStudyPlan({ config: `${dir}/study.json`, mitigations: true });
    assert.ok(own.ok);
    assert.deepEqual(own.value.mitigations?.arms.map((a) => a.name), [
      "baseline",
      "specificityRouter",
    ]);
    assert.deepEqual(own.value.config.mitigations, {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "reproduce --mitigations: added to a finished dry-run study, resumed after SIGKILL, refused without the flag",
  ignore: noTestData,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const clean = await Deno.makeTempDir();
    const out = `${clean}/${DRY_OUT}`;
    let added = "";

    await t.step(
      "added to a finished study, only the mitigation phase runs, then figures and report",
      async () => {
        const first = await reproduce(SMALL, clean);
        assert.equal(first.code, 0, first.stderr + first.stdout);
        const run = await reproduce(["--mitigations", ...SMALL], clean);
        assert.equal(run.code, 0, run.stderr + run.stdout);
        assert.match(run.stdout, /adding the mitigation study/);
        assert.match(run.stdout, /phases to run: mitigations, figures, report/);
        const state = await readStudyState(out);
        assert.deepEqual(Object.keys(state!.phases), [
          "data",
          "experiment",
          "ratings",
          "noise",
          "oracle",
          "figures",
          "report",
          "mitigations",
        ]);
        assert.ok(Object.values(state!.phases).every((p) => p.status === "done"));
        assert.equal(state!.phases.experiment.attempts, 1, "the main experiment is not redone");
        const usage = Object.values(state!.phases.mitigations.usage);
        assert.ok(usage.reduce((s, u) => s + u.calls, 0) > 0, "the arms' calls are counted");
        const arms = await readMitigationStudy(`${out}/mitigations`);
        assert.deepEqual(arms.map((a) => a.name), DEFAULT_STUDY_ARMS.map((a) => a.name));
        const report = await Deno.readTextFile(`${out}/REPORT.md`);
        added = section(report);
        assert.match(added, /^Mitigation study[^\n]*\n\n_DRY RUN \(synthetic\): synthetic values/);
        assert.ok(report.includes(`## DRY RUN (synthetic): ${MITIGATION_SECTION}`));
        for (const arm of DEFAULT_STUDY_ARMS) {
          for (const mode of ["SSC", "CCC"]) {
            assert.ok(added.includes(`| ${arm.name} | ${mode} | mae |`), `${arm.name} ${mode}`);
          }
        }
        assert.match(added, /noise-only range \(\d\.\d{3}\)/);
        // The router's decision of the one step (1 run × 1 step) is in its CCC row.
        assert.match(added, /\| specificityRouter \| CCC \| mae \|[^\n]*\| [01] of 1 \|/);
        for (const figure of ["mitigation_delta", "mitigation_cost"]) {
          await Deno.stat(`${out}/figures/${figure}.html`);
          assert.ok(report.includes(`figures/${figure}.html`));
        }
      },
    );

    await t.step("a rerun without --mitigations is refused, naming the field", async () => {
      const run = await reproduce(SMALL, clean);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^ {2}mitigations: /m);
      assert.match(run.stderr, /add --mitigations/);
    });

    await t.step(
      "killed inside the mitigation phase, the next run finishes it identically",
      async () => {
        const fresh = await Deno.makeTempDir();
        const freshOut = `${fresh}/${DRY_OUT}`;
        const child = spawnReproduce(["--mitigations", ...SMALL], fresh);
        const marker = `${freshOut}/mitigations/lengthBudget/experiment.sqlite`;
        await killWhen(child, () => Deno.stat(marker).then(() => true, () => false));
        assert.equal((await readStudyState(freshOut))!.phases.mitigations.status, "started");
        const run = await reproduce(["--mitigations", ...SMALL], fresh);
        assert.equal(run.code, 0, run.stderr + run.stdout);
        assert.match(run.stdout, /phases to run: mitigations, figures, report/);
        assert.equal(section(await Deno.readTextFile(`${freshOut}/REPORT.md`)), added);
        await Deno.remove(fresh, { recursive: true });
      },
    );
    await Deno.remove(clean, { recursive: true });
  },
});
