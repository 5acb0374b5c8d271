/**
 * `deno task chaos`: runs the fault campaign and checks what it must prove. `--reduced` is the
 * quick form run by the test suite (1 run, 2 steps, 4 kills); the full form is 2 runs, 3 steps and
 * 10 kills. Exit code 0 when every check holds, 1 otherwise.
 *
 * @module
 */
import { type ChaosReport, runChaosCampaign } from "./chaos.ts";

/**
 * The campaign's checks: one line per violation (empty when everything holds).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chaosViolations } from "./chaos_cli.ts";
 * const report = { faults: { "429": 1 }, kills: 2, killPoints: [], callsRepeated: 1,
 *   recordsDiffering: 0, runsNotDone: [], runs: 1, requests: 9, keyLeaks: [], scenarios: [],
 *   referenceMs: 1 } as unknown as Parameters<typeof chaosViolations>[0];
 * assert.deepEqual(chaosViolations(report, 2), ["1 completed calls sent again"]);
 * ```
 */
export function chaosViolations(report: ChaosReport, minKills: number): string[] {
  const problems: string[] = [];
  if (report.runsNotDone.length > 0) {
    problems.push(`runs not done: ${report.runsNotDone.join(", ")}`);
  }
  if (report.kills < minKills) problems.push(`only ${report.kills} kills (wanted ${minKills})`);
  if (report.callsRepeated > 0) problems.push(`${report.callsRepeated} completed calls sent again`);
  if (report.recordsDiffering > 0) {
    problems.push(`${report.recordsDiffering} records differ from the uninterrupted run`);
  }
  if (report.keyLeaks.length > 0) problems.push(`API key found in ${report.keyLeaks.join(", ")}`);
  for (const [fault, count] of Object.entries(report.faults)) {
    if (count === 0) problems.push(`no ${fault} fault was injected`);
  }
  const expectedCodes: Record<string, number> = { budget: 3, "full disk": 2, "read-only": 2 };
  for (const s of report.scenarios) {
    if (s.exitCode !== expectedCodes[s.name]) {
      problems.push(`${s.name}: exit code ${s.exitCode}, wanted ${expectedCodes[s.name]}`);
    }
    if (s.resumedExitCode !== 0) {
      problems.push(`${s.name}: the resumed run exited ${s.resumedExitCode}`);
    }
    if (s.recordsDiffering > 0) problems.push(`${s.name}: ${s.recordsDiffering} records differ`);
  }
  return problems;
}

/**
 * The report as the lines `deno task chaos` prints.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatChaosReport } from "./chaos_cli.ts";
 * const lines = formatChaosReport({ faults: { "429": 3 }, kills: 2, killPoints: [],
 *   callsRepeated: 0, recordsDiffering: 0, runsNotDone: [], runs: 2, requests: 9, keyLeaks: [],
 *   scenarios: [], referenceMs: 1 } as unknown as Parameters<typeof formatChaosReport>[0]);
 * assert.ok(lines[0] === "faults injected: 429 3");
 * ```
 */
export function formatChaosReport(report: ChaosReport): string[] {
  return [
    `faults injected: ${Object.entries(report.faults).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `requests: ${report.requests}; kills: ${report.kills}; calls repeated after a resume: ${report.callsRepeated}`,
    `records differing from the uninterrupted run: ${report.recordsDiffering}; runs done: ${
      report.runs - report.runsNotDone.length
    }/${report.runs}; files holding the API key: ${report.keyLeaks.length}`,
    ...report.scenarios.map((s) =>
      `${s.name}: exit ${s.exitCode} "${s.message}"; resumed: exit ${s.resumedExitCode}, ${s.recordsDiffering} records differ`
    ),
  ];
}

if (import.meta.main) {
  const reduced = Deno.args.includes("--reduced");
  const shape = reduced ? { runs: 1, steps: 2, kills: 4 } : { runs: 2, steps: 3, kills: 10 };
  console.log(
    `chaos campaign (${
      reduced ? "reduced" : "full"
    }): SSS and CCC, gate mae, ${shape.runs} run(s), ${shape.steps} steps, 20 % faults`,
  );
  const started = Date.now();
  const report = await runChaosCampaign({ ...shape, log: (line) => console.log(`  ${line}`) });
  formatChaosReport(report).forEach((line) => console.log(line));
  console.log(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const problems = chaosViolations(report, shape.kills);
  problems.forEach((p) => console.error(`FAILED: ${p}`));
  if (problems.length === 0) console.log("every check holds");
  Deno.exit(problems.length === 0 ? 0 : 1);
}
