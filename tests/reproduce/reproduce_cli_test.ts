import assert from "node:assert/strict";
import { findingsOf } from "../../lib/analysis/findings.ts";
import { parseExperimentConfig } from "../../lib/experiment/config.ts";
import { loadExperimentData } from "../../lib/experiment/dataset.ts";
import { profileOf } from "../../lib/experiment/components.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { seededRandom } from "../../lib/random.ts";
import { comparisonMarkdown, reportTables } from "../../lib/reproduce/report.ts";
import { readStudyState } from "../../lib/reproduce/state.ts";
import { noTestData } from "../_data_dir.ts";
import {
  allRecords,
  DRY_OUT,
  killWhen,
  reproduce,
  spawnReproduce,
  stableReport,
} from "./_reproduce.ts";

const FAMILIES = [
  "main_table",
  "trajectories_mae",
  "trajectories_none",
  "specificity_by_mode",
  "specificity_by_criterion",
  "adherence",
  "oracle_mae_validation_spearman",
  "oracle_mae_test_spearman",
  "oracle_none_validation_spearman",
  "oracle_none_test_spearman",
  "length_trajectories_mae",
  "length_trajectories_none",
  "length_shares",
];

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function count(path: string, sql: "steps" | "ratings"): number {
  const store = ExperimentStore.open(path);
  try {
    return store.table(sql).length;
  } catch {
    return 0;
  } finally {
    store.close();
  }
}

Deno.test({
  name: "reproduce: no endpoint, a clean folder: the whole dry-run study, resumable after SIGKILL",
  ignore: noTestData,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const clean = await Deno.makeTempDir();
    const out = `${clean}/${DRY_OUT}`;

    await t.step("an uninterrupted run writes the figures, the report and the store", async () => {
      const run = await reproduce([], clean);
      assert.equal(run.code, 0, run.stderr + run.stdout);
      assert.ok(
        run.stdout.split("\n").filter((l) => l.trim() !== "").every((line) =>
          /DRY RUN|^phase|^experiment|^ratings|^noise|^oracle|^total|^\d+ calls have no price|^\s|^To run|^\(see/
            .test(
              line,
            )
        ),
        run.stdout,
      );
      assert.match(
        run.stdout,
        /estimate of the full study \(3 runs × 12 steps, full test split of 480 rows/,
      );
      assert.match(run.stdout, /deno task reproduce --config/);
      for (const family of FAMILIES) {
        for (const ext of ["svg", "png", "html"]) {
          assert.ok(await exists(`${out}/figures/${family}.${ext}`), `${family}.${ext}`);
        }
      }
      assert.ok(await exists(`${out}/experiment.sqlite`), "the notebooks' store");
      const state = await readStudyState(out);
      assert.deepEqual(
        Object.values(state!.phases).map((p) => p.status),
        ["done", "done", "done", "done", "done", "done", "done"],
      );
    });

    await t.step("the report's tables hold what the analyses compute from the store", async () => {
      const report = await Deno.readTextFile(`${out}/REPORT.md`);
      assert.match(report.split("\n")[0], /^# DRY RUN \(synthetic\)/);
      assert.doesNotMatch(report, /\breproduc(es|ed) the paper/i);
      const store = ExperimentStore.open(`${out}/experiment.sqlite`);
      try {
        const parsed = parseExperimentConfig(store.manifest()!.config);
        assert.ok(parsed.ok);
        const data = await loadExperimentData(parsed.value, profileOf(parsed.value));
        const findings = await findingsOf(store, {
          random: seededRandom(42),
          test: data.splits.test,
        });
        // Every mode × gate is in the main table, and each row's best ρ is the store's.
        assert.equal(findings.mainTable.length, 10);
        for (const row of findings.mainTable) {
          const line = report.split("\n").find((l) =>
            l.startsWith(`| ${row.mode} | ${row.gate} |`)
          );
          assert.ok(line, `${row.mode}/${row.gate} row`);
          assert.ok(line.includes(`${row.best.toFixed(3)} (${row.bestStep})`), line);
          assert.ok(line.includes(`${row.initial.toFixed(3)} ±`), line);
        }
        const noiseMean = findings.noise!.average.mean.toFixed(3);
        assert.match(report, new RegExp(`\\| avg ρ mean \\| ${noiseMean.replace("-", "\\-")} \\|`));
        const tables = reportTables(findings);
        assert.ok(tables.length >= 8);
        for (const { title, table } of tables) {
          assert.ok(report.includes(`## DRY RUN (synthetic): ${title}`), title);
          assert.ok(report.includes(comparisonMarkdown(table)), `table "${title}" as computed`);
        }
      } finally {
        store.close();
      }
    });

    await t.step(
      "a rerun recomputes nothing; a changed grid is refused naming the field",
      async () => {
        const before = allRecords(`${out}/experiment.sqlite`);
        const again = await reproduce([], clean);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /every phase is done/);
        assert.deepEqual(allRecords(`${out}/experiment.sqlite`), before);
        const changed = await reproduce(["--runs", "1"], clean);
        assert.equal(changed.code, 2);
        assert.match(changed.stderr, /runs: 2 → 1/);
      },
    );

    await t.step(
      "killed with SIGKILL twice (experiment, then ratings), the rerun ends identical",
      async () => {
        const killed = await Deno.makeTempDir();
        const kOut = `${killed}/${DRY_OUT}`;
        const store = `${kOut}/experiment.sqlite`;
        await killWhen(
          spawnReproduce(["--latency-ms", "10"], killed),
          async () => (await exists(store)) && count(store, "steps") >= 12,
        );
        assert.equal((await readStudyState(kOut))!.phases.experiment.status, "started");
        await killWhen(
          spawnReproduce(["--latency-ms", "10"], killed),
          async () => (await exists(store)) && count(store, "ratings") >= 20,
        );
        const mid = await readStudyState(kOut);
        assert.equal(mid!.phases.experiment.status, "done");
        assert.equal(mid!.phases.ratings.status, "started");
        const resumed = await reproduce([], killed);
        assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
        assert.match(resumed.stdout, /phases to run: ratings, noise, oracle, figures, report/);
        assert.deepEqual(allRecords(store), allRecords(`${out}/experiment.sqlite`));
        assert.equal(
          stableReport(await Deno.readTextFile(`${kOut}/REPORT.md`)),
          stableReport(await Deno.readTextFile(`${out}/REPORT.md`)),
        );
        await Deno.remove(killed, { recursive: true });
      },
    );
    await Deno.remove(clean, { recursive: true });
  },
});
