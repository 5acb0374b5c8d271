import type { Findings } from "../analysis/findings.ts";
import type { MainTableRow } from "../analysis/main_table.ts";
import type { OracleTable } from "../analysis/oracle_table.ts";
import {
  PAPER_ADHERENCE,
  PAPER_MAIN_TABLE,
  PAPER_ORACLE_TABLE,
  PAPER_SPECIFICITY,
} from "../analysis/paper_reference.ts";
import type { RatingGroup, RatingReport } from "../analysis/rating_summary.ts";
import { adherenceFigure } from "./adherence.ts";
import { lengthShareFigure, lengthTrajectoryFigure } from "./length_figures.ts";
import { mainTableFigure } from "./main_table_figure.ts";
import { oracleFigure } from "./oracle_figure.ts";
import { specificityByCriterionFigure } from "./specificity_by_criterion.ts";
import { specificityByModeFigure } from "./specificity_by_mode.ts";
import { trajectoriesFigure } from "./trajectories_figure.ts";
import type { FigureSpec } from "./types.ts";

/**
 * Every figure the findings support, keyed by file name: `main_table`, `trajectories_<gate>`,
 * `specificity_by_mode`, `specificity_by_criterion`, `adherence`,
 * `oracle_<gate>_<selection>_<metric>`, `length_trajectories_<gate>`, `length_shares`. Figures
 * of synthetic findings carry the dry-run mark.
 *
 * @param findings From `findingsOf()`.
 * @param options Title prefix (e.g. the run's name).
 * @returns Figures by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findingsFigures } from "./figure_sets.ts";
 * const figures = findingsFigures({ dryRun: true, runs: [], trajectories: [], mainTable: [],
 *   noise: null, specificity: null, adherence: null, oracle: [], oracleRecords: [], lengths: [] });
 * assert.ok(figures.main_table.dryRun);
 * ```
 */
export function findingsFigures(
  findings: Findings,
  options: { title?: string } = {},
): Record<string, FigureSpec> {
  const dryRun = findings.dryRun;
  const t = (name: string) => (options.title ? `${options.title}: ${name}` : name);
  const figures: Record<string, FigureSpec> = {
    main_table: mainTableFigure(findings.mainTable, { dryRun, title: t("initial and best ρ") }),
  };
  for (const gate of [...new Set(findings.trajectories.map((x) => x.gate))].sort()) {
    figures[`trajectories_${gate}`] = trajectoriesFigure(findings.trajectories, {
      dryRun,
      gate,
      noise: findings.noise,
      title: t("trajectories"),
    });
  }
  if (findings.specificity) {
    figures.specificity_by_mode = specificityByModeFigure(findings.specificity, {
      dryRun,
      title: t("gradient specificity by mode"),
    });
    figures.specificity_by_criterion = specificityByCriterionFigure(findings.specificity, {
      dryRun,
      title: t("gradient specificity per criterion"),
    });
  }
  if (findings.adherence) {
    figures.adherence = adherenceFigure(findings.adherence, { dryRun, title: t("adherence") });
  }
  findings.oracle.forEach((table, i) => {
    const record = findings.oracleRecords[i];
    const key = record ? `${record.gate}_${record.selection}_${record.pickMetric}` : String(i);
    figures[`oracle_${key}`] = oracleFigure(table, {
      dryRun,
      title: t(`oracle combination (gate ${record?.gate ?? "?"})`),
    });
  });
  for (const gate of [...new Set(findings.lengths.map((l) => l.gate))].sort()) {
    figures[`length_trajectories_${gate}`] = lengthTrajectoryFigure(findings.lengths, {
      dryRun,
      gate,
      title: t("instruction length"),
    });
  }
  if (findings.lengths.length > 0) {
    figures.length_shares = lengthShareFigure(findings.lengths, {
      dryRun,
      title: t("token share"),
    });
  }
  return figures;
}

const PAPER_TITLE = "Paper's reported values (Qwen3, blog)";

function paperRatingReport(
  kind: "specificity" | "adherence",
  groups: Omit<RatingGroup, "std" | "n" | "low" | "high" | "excluded">[],
): RatingReport {
  return {
    kind,
    excluded: 0,
    drops: kind === "specificity"
      ? [{
        gate: "all",
        perTask: PAPER_SPECIFICITY.perTask.value,
        combined: PAPER_SPECIFICITY.combined.value,
        dropPercent: PAPER_SPECIFICITY.dropPercent.value,
        low: NaN,
        high: NaN,
        modes: { perTask: ["Single", "SSS", "SSC"], combined: ["SCC", "CCC"] },
      }]
      : [],
    groups: groups.map((g) => ({ ...g, std: NaN, n: 0, low: NaN, high: NaN, excluded: 0 })),
  };
}

/**
 * The paper's published numbers drawn by the kit's own builders (no paper markers: the bars are
 * the paper's values), titled as the paper's reported values: `paper_main_table`,
 * `paper_specificity_by_mode`, `paper_specificity_by_criterion`, `paper_adherence`,
 * `paper_oracle_combination`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paperReferenceFigures } from "./figure_sets.ts";
 * const figures = paperReferenceFigures();
 * assert.equal(figures.paper_oracle_combination.data[2].y?.toString(), "0.303,0.257,0.215,0.105,0.22");
 * ```
 */
export function paperReferenceFigures(): Record<string, FigureSpec> {
  const options = { dryRun: false, paper: false, seriesName: "paper" };
  const main: MainTableRow[] = PAPER_MAIN_TABLE.map((r) => ({
    config: `paper/${r.mode}/${r.gate}`,
    mode: r.mode,
    gate: r.gate,
    runs: 3,
    initial: r.initial?.value ?? NaN,
    initialStd: NaN,
    best: r.best?.value ?? r.initial?.value ?? NaN,
    bestStep: r.bestStep?.value ?? NaN,
    bestStd: NaN,
    delta: r.delta?.value ?? NaN,
    finalHvi: r.finalHvi?.value ?? null,
    finalStep: 12,
    neverBeatsStep0: r.neverImproves,
  }));
  const specificity = paperRatingReport("specificity", [
    ...Object.entries(PAPER_SPECIFICITY.byMode).map(([mode, v]) => ({
      mode,
      gate: "all",
      criterion: "all",
      mean: v.value,
    })),
    ...Object.entries(PAPER_SPECIFICITY.byCriterion).flatMap(([mode, values]) =>
      Object.entries(values).map(([criterion, v]) => ({
        mode,
        gate: "all",
        criterion,
        mean: v.value,
      }))
    ),
  ]);
  const adherence = paperRatingReport(
    "adherence",
    Object.entries(PAPER_ADHERENCE).flatMap(([mode, gates]) =>
      Object.entries(gates).map(([gate, v]) => ({ mode, gate, criterion: "all", mean: v.value }))
    ),
  );
  const criteria = ["fluency", "relevance", "coherence", "consistency"];
  const nan = { estimate: NaN, low: NaN, high: NaN, resamples: 0, confidence: 0.95 };
  const oracle: OracleTable = {
    criteria,
    items: 480,
    selection: "test",
    pickMetric: "spearman (inferred)",
    rows: PAPER_ORACLE_TABLE.map((r) => ({
      method: r.method,
      values: Object.fromEntries(Object.entries(r.values).map(([c, v]) => [c, v.value])),
    })),
    differences: [{
      comparison: "Combined − Single",
      values: { avg: { ...nan, estimate: 0.220 - 0.305 } },
    }],
  };
  return {
    paper_main_table: mainTableFigure(main, {
      ...options,
      title:
        `${PAPER_TITLE}: initial and best ρ<br><sub>Table 1 (mae); val=none read off the blog figure</sub>`,
    }),
    paper_specificity_by_mode: specificityByModeFigure(specificity, {
      ...options,
      title:
        `${PAPER_TITLE}: gradient specificity by mode<br><sub>modes read off the blog figure</sub>`,
    }),
    paper_specificity_by_criterion: specificityByCriterionFigure(specificity, {
      ...options,
      title: `${PAPER_TITLE}: specificity per criterion (only these are published)`,
    }),
    paper_adherence: adherenceFigure(adherence, {
      ...options,
      title: `${PAPER_TITLE}: feedback adherence`,
    }),
    paper_oracle_combination: oracleFigure(oracle, {
      ...options,
      title: `${PAPER_TITLE}: oracle combination (Table 2)`,
    }),
  };
}
