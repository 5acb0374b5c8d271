/**
 * `<out>/REPORT.md`: the study beside the paper. Each table of the analyses with the paper's
 * values in its columns, the figures, the profile and its quirks, the models, calls, tokens,
 * dollars and wall time per phase, and every known deviation from the paper's protocol. A report
 * of a dry run says DRY RUN (synthetic) at the top and above every table, and calls nothing a
 * reproduction.
 *
 * @module
 */
import type { Findings } from "../analysis/findings.ts";
import {
  adherenceComparison,
  type ComparisonTable,
  lengthComparison,
  mainTableComparison,
  noiseComparison,
  oracleComparison,
  specificityComparison,
} from "../analysis/paper_comparison.ts";
import { oraclePicksTable, ratingDropsTable } from "../analysis/tables.ts";
import { mitigationComparison } from "../analysis/mitigation_comparison.ts";
import type { MitigationTable } from "../analysis/mitigation_table.ts";
import type { ExperimentManifest } from "../experiment/types.ts";
import { markdownTable } from "../notebook/display.ts";
import { QUIRK_DESCRIPTIONS, type Quirks } from "../loop/profile.ts";
import { studyDeviations } from "./deviations.ts";
import type { StudyPlan } from "./plan.ts";
import type { StudyState } from "./state.ts";
import { formatDuration } from "./study_estimate.ts";

/** The line that starts the report's only section whose numbers differ between two equal runs. */
export const VOLATILE_SECTION = "## Calls, tokens, dollars and wall time per phase";

/** The label of synthetic numbers. */
export const DRY_RUN_LABEL = "DRY RUN (synthetic)";

/** Inputs of {@linkcode renderStudyReport}. */
export interface StudyReportInput {
  /** Output folder (figures are linked relative to it). */
  out: string;
  /** The plan. */
  plan: StudyPlan;
  /** The experiment's manifest. */
  manifest: ExperimentManifest;
  /** Every analysis of the store. */
  findings: Findings;
  /** The mitigation study's table (`--mitigations`); absent or `null` without it. */
  mitigations?: MitigationTable | null;
  /** Usage and wall time per phase. */
  state: StudyState;
  /** Figure formats written. */
  figureFormats: ("svg" | "png" | "html")[];
}

const cell = (v: string | number | null) =>
  v === null ? "—" : String(v).replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * A comparison table as markdown (the notebooks' table renderer).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { comparisonMarkdown } from "./report.ts";
 * assert.equal(comparisonMarkdown({ headers: ["a", "b"], rows: [[1, null]] }), "| a | b |\n| --- | --- |\n| 1 | — |");
 * ```
 */
export function comparisonMarkdown(table: ComparisonTable): string {
  return markdownTable(table.headers, table.rows);
}

/**
 * The report's tables, in order, each with its title: what {@linkcode renderStudyReport} prints
 * (a test recomputes them from the store and finds them in the report).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportTables } from "./report.ts";
 * const tables = reportTables({ dryRun: true, runs: [], trajectories: [], mainTable: [],
 *   noise: null, specificity: null, adherence: null, oracle: [], oracleRecords: [], lengths: [] });
 * assert.equal(tables[0].title, "Table 1 and val=none: initial and best test ρ per configuration");
 * ```
 */
export function reportTables(findings: Findings): { title: string; table: ComparisonTable }[] {
  const tables = [{
    title: "Table 1 and val=none: initial and best test ρ per configuration",
    table: mainTableComparison(findings.mainTable),
  }];
  if (findings.noise) {
    tables.push({
      title: "Noise-only control (the seed prompt re-evaluated)",
      table: noiseComparison(findings.noise),
    });
  }
  if (findings.specificity) {
    tables.push({
      title: "Gradient specificity by mode (§7.4)",
      table: specificityComparison(findings.specificity),
    });
    tables.push({
      title: "Gradient specificity: per-task → combined drop",
      table: ratingDropsTable(findings.specificity),
    });
  }
  if (findings.adherence) {
    tables.push({
      title: "Feedback adherence by mode (§7.5)",
      table: adherenceComparison(findings.adherence),
    });
  }
  findings.oracle.forEach((table, i) => {
    const record = findings.oracleRecords[i];
    const name = `gate ${record.gate}, ${record.selection} selection, pick ${record.pickMetric}`;
    tables.push({ title: `Oracle combination picks (${name})`, table: oraclePicksTable(record) });
    tables.push({ title: `Table 2: oracle combination (${name})`, table: oracleComparison(table) });
  });
  if (findings.lengths.length > 0) {
    tables.push({
      title: "Instruction-length asymmetry (§8)",
      table: lengthComparison(findings.lengths),
    });
  }
  return tables;
}

/**
 * Renders the report.
 *
 * @example
 * ```ts ignore
 * import { renderStudyReport } from "./report.ts";
 * await Deno.writeTextFile("runs/x/REPORT.md", renderStudyReport(input));
 * ```
 */
export function renderStudyReport(input: StudyReportInput): string {
  const { plan, manifest, findings, state } = input;
  const c = plan.config;
  const dry = findings.dryRun || plan.dryRun;
  const tag = dry ? `${DRY_RUN_LABEL}: ` : "";
  const name = input.out.replace(/\/+$/, "").split("/").at(-1) ?? "study";
  const lines: string[] = [`# ${dry ? `${DRY_RUN_LABEL} — ` : ""}Study report: ${name}`, ""];
  if (dry) {
    lines.push(
      `> **${DRY_RUN_LABEL}.** Every number below comes from the dry-run backend's synthetic`,
      "> answers on a reduced grid. It rehearses the pipeline; it is **not** a result and reproduces",
      "> nothing. Run `deno task reproduce --config <experiment.json>` against a real model for that.",
      "",
    );
  } else {
    lines.push(
      "Run against real endpoints (models below). The paper's values stand beside each of this run's",
      "values, with their source (blog table or figure reading).",
      "",
    );
  }
  const quirks = manifest.profile.quirks as Partial<Quirks>;
  lines.push(
    "## The study",
    "",
    `- dataset: ${c.dataset}, split ${c.split.kind} (seed ${c.split.seed}), test rows ${
      c.testLimit ?? "all"
    }, validation ${c.validationSize}, batch ${c.batchSize}`,
    `- grid: modes ${c.modes.join(", ")} × gates ${
      c.gates.join(", ")
    } × ${c.runs} runs × ${c.steps} steps (${c.algorithm}, seed ${c.seed}, sampling ${c.sampling})`,
    `- diagnostics: both raters, noise-only control × ${plan.noiseRepeats}, oracle combination (${
      plan.oracleSelections.join(" and ")
    } selection)`,
    `- backend: ${
      manifest.dryRun ? "dry run (synthetic)" : "live"
    }; endpoint config: ${plan.endpointSource}`,
    `- profile: **${manifest.profile.name}**`,
    "",
    "| quirk | on | what it does |",
    "| --- | --- | --- |",
    ...Object.entries(QUIRK_DESCRIPTIONS).map(([k, d]) =>
      `| \`${k}\` | ${quirks[k as keyof Quirks] ? "yes" : "no"} | ${cell(d)} |`
    ),
    "",
    "### Models",
    "",
    ...(dry
      ? [
        "_DRY RUN (synthetic): the configured models below were never called; the dry-run backend answered._",
        "",
      ]
      : []),
    "| role | model | endpoint | temperature | max tokens | provider |",
    "| --- | --- | --- | --- | --- | --- |",
    ...Object.entries(manifest.roles).map(([role, r]) =>
      `| ${role} | ${r.model} | ${r.endpoint ?? "—"} | ${r.temperature ?? "—"} | ${
        r.maxTokens ?? "—"
      } | ${r.provider ?? "generic"} |`
    ),
    "",
  );
  for (const { title, table } of reportTables(findings)) {
    lines.push(`## ${tag}${title}`, "");
    if (dry) lines.push(`_${DRY_RUN_LABEL}: synthetic values, not results._`, "");
    lines.push(comparisonMarkdown(table), "");
  }
  if (input.mitigations) lines.push(...mitigationSection(input.mitigations, input, tag));
  lines.push(`## ${tag}Figures`, "");
  const figures = figureNames(findings, input);
  for (const f of figures) lines.push(`- ${f}`);
  if (dry) lines.push("", `Every figure carries the "DRY RUN — synthetic" mark.`);
  lines.push(
    "",
    `The store is \`${input.out}/experiment.sqlite\`; the findings notebooks read it: ` +
      `\`COLLIDE_STORE=${input.out} jupyter notebook notebooks/\`.`,
  );
  lines.push("", "## Known deviations from the paper's protocol", "");
  for (const d of studyDeviations(plan, manifest)) lines.push(`- ${d}`);
  lines.push("", VOLATILE_SECTION, "");
  if (dry) lines.push(`_${DRY_RUN_LABEL}: dollars are estimates at the configured prices._`, "");
  lines.push(
    "| phase | status | attempts | calls | cache hits | input tokens | output tokens | $ | wall time |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const [phase, s] of Object.entries(state.phases)) {
    const u = Object.values(s.usage);
    const sum = (k: "calls" | "cacheHits" | "inputTokens" | "outputTokens" | "costUsd") =>
      u.reduce((a, r) => a + r[k], 0);
    lines.push(
      `| ${phase} | ${s.status} | ${s.attempts} | ${sum("calls")} | ${sum("cacheHits")} | ${
        sum("inputTokens")
      } | ${sum("outputTokens")} | ${sum("costUsd").toFixed(4)} | ${formatDuration(s.wallMs)} |`,
    );
  }
  lines.push(
    "",
    "Counts are those of the attempts that finished or paused; an attempt killed mid-phase is not",
    "counted, and its finished calls come back from the call cache on the next attempt.",
    "",
  );
  return lines.join("\n");
}

/** The title of the report's mitigation section (after the DRY RUN tag, when there is one). */
export const MITIGATION_SECTION = "Mitigation study: the baseline and each mitigation, paired";

function mitigationSection(table: MitigationTable, input: StudyReportInput, tag: string): string[] {
  const dry = tag !== "";
  const arms = [...new Set(table.rows.map((r) => r.arm))];
  const configs = [...new Set(table.rows.map((r) => `${r.mode}/${r.gate}`))];
  return [
    `## ${tag}${MITIGATION_SECTION}`,
    "",
    ...(dry ? [`_${DRY_RUN_LABEL}: synthetic values, not results._`, ""] : []),
    `Not in the paper (it proposes these mitigations and tests none, paper-method §10). Arms ${
      arms.join(", ")
    } on ${configs.join(", ")}${
      dry ? " (the dry run's reduced grid)" : ""
    }: one experiment per arm in \`${input.out}/mitigations/<arm>/\`, on the study's split, seed and`,
    "test rows, sampling `paired` with one shared call cache, so a difference between arms is not",
    "judge-sampling noise. Δ is the arm's average test ρ at the last step minus the baseline's, with a",
    "95 % paired bootstrap interval (the same resampled test rows for both arms); `*` marks a",
    `difference whose interval excludes 0 and whose size exceeds the baseline's noise-only range (${
      table.noiseRange === null ? "not run" : table.noiseRange.toFixed(3)
    }). Calls and dollars are per optimization step of one run, evaluations included.`,
    "The router acts only where gradients are combined (SCC, CCC) and the conflict merge only where",
    "they are per criterion (SSS, SSC): an arm in a mode where its mitigation does not act makes the",
    "baseline's calls and equals it (Δ +0.000).",
    "",
    comparisonMarkdown(mitigationComparison(table)),
    "",
  ];
}

function figureNames(findings: Findings, input: StudyReportInput): string[] {
  // Names as findingsFigures builds them (same families and keys).
  const names = ["main_table"];
  for (const g of [...new Set(findings.trajectories.map((t) => t.gate))].sort()) {
    names.push(`trajectories_${g}`);
  }
  if (findings.specificity) names.push("specificity_by_mode", "specificity_by_criterion");
  if (findings.adherence) names.push("adherence");
  for (const r of findings.oracleRecords) {
    names.push(`oracle_${r.gate}_${r.selection}_${r.pickMetric}`);
  }
  for (const g of [...new Set(findings.lengths.map((l) => l.gate))].sort()) {
    names.push(`length_trajectories_${g}`);
  }
  if (findings.lengths.length > 0) names.push("length_shares");
  if (input.mitigations) names.push("mitigation_delta", "mitigation_cost");
  const preferred = input.figureFormats.includes("png") ? "png" : input.figureFormats[0];
  return names.map((n) =>
    `[${n}](figures/${n}.${preferred})` +
    (input.figureFormats.includes("html") && preferred !== "html"
      ? ` ([interactive](figures/${n}.html))`
      : "")
  );
}

/**
 * Writes `<out>/REPORT.md` and returns its path.
 *
 * @example
 * ```ts ignore
 * import { writeStudyReport } from "./report.ts";
 * console.log(await writeStudyReport(input));
 * ```
 */
export async function writeStudyReport(input: StudyReportInput): Promise<string> {
  const path = `${input.out}/REPORT.md`;
  await Deno.writeTextFile(`${path}.tmp`, renderStudyReport(input));
  await Deno.rename(`${path}.tmp`, path);
  return path;
}
