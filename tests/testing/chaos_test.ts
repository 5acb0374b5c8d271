import assert from "node:assert/strict";
import { runChaosCampaign } from "../../lib/testing/chaos.ts";
import { chaosViolations, formatChaosReport } from "../../lib/testing/chaos_cli.ts";
import { ignoreWithoutData } from "../cli/_cli.ts";

Deno.test({
  name: "chaos (reduced): 20 % faults of every class, SIGKILLs, a budget stop, a full disk and a " +
    "read-only store: every run ends done, nothing is asked twice, records equal, no key leaks",
  ignore: ignoreWithoutData,
  async fn() {
    const report = await runChaosCampaign({ runs: 1, steps: 2, kills: 4 });
    const problems = chaosViolations(report, 4);
    assert.deepEqual(problems, [], formatChaosReport(report).join("\n"));
    assert.equal(report.scenarios.length, 3);
    assert.match(report.scenarios[1].message, /experiment\.sqlite: cannot write .*disk is full/);
    assert.match(report.scenarios[0].message, /paused: Budget/);
  },
});
