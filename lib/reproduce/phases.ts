/**
 * The study's phases as data: each has a name, a title and a run function, and is marked done in
 * the state file only when it completes. A killed phase restarts; its finished LLM calls come back
 * from the call cache and its stored units (steps, ratings, repeats, combinations) are skipped.
 * Later stages add phases with `studyPhases({ extra })` (issue 13's mitigations go before the
 * figures).
 *
 * @module
 */
import type { Findings } from "../analysis/findings.ts";
import type { MitigationTable } from "../analysis/mitigation_table.ts";
import { mitigationFigures } from "../figures/mitigation_figures.ts";
import { runNoiseControl } from "../diagnostics/noise_control.ts";
import { runOracleCombination } from "../diagnostics/oracle_combination.ts";
import { rateExperiment } from "../diagnostics/rate_experiment.ts";
import type { ExperimentData } from "../experiment/dataset.ts";
import type { Experiment } from "../experiment/setup.ts";
import { exportFigure } from "../figures/export_figure.ts";
import { findingsFigures } from "../figures/figure_sets.ts";
import { BudgetExceededError } from "../llm/errors.ts";
import type { CallEvent } from "../llm/llm.ts";
import type { RoleUsage } from "../llm/usage.ts";
import { ensureDataset } from "./ensure_dataset.ts";
import type { StudyPlan } from "./plan.ts";
import { writeStudyReport } from "./report.ts";
import type { StudyState } from "./state.ts";

/**
 * What a phase run ends with; `usage` is what the phase spent on LLM layers of its own (the
 * runner adds the shared experiment's usage itself).
 */
export type PhaseOutcome =
  | { status: "done"; usage?: Record<string, RoleUsage> }
  | { status: "paused"; reason: string; usage?: Record<string, RoleUsage> };

/** What a phase sees. */
export interface StudyContext {
  /** The plan. */
  plan: StudyPlan;
  /** Output folder. */
  out: string;
  /** Prints a line (labelled DRY RUN by the runner when synthetic). */
  say(line: string): void;
  /** The experiment's data (loaded once). */
  data(): Promise<ExperimentData>;
  /** The experiment, opened (or resumed) once, with its LLM layer and call cache. */
  experiment(): Promise<Experiment>;
  /** Every analysis of the store (computed once per process, after the LLM phases). */
  findings(): Promise<Findings>;
  /** The mitigation study's table (once per process), or `null` without `--mitigations`. */
  mitigationTable(): Promise<MitigationTable | null>;
  /** The state so far (usage and wall time per phase, for the report). */
  state(): StudyState;
  /** Figure formats to write. */
  figureFormats: ("svg" | "png" | "html")[];
  /** Aborted on SIGINT: the running phase pauses. */
  signal: AbortSignal;
  /** Observer of the calls of LLM layers a phase opens itself (the progress display). */
  onCall?: (event: CallEvent) => void;
}

/** One phase of the study. */
export interface StudyPhase {
  /** Name (the done-marker key in `reproduce.json`). */
  name: string;
  /** What it does, one line. */
  title: string;
  /** True when it calls LLMs (the live confirmation covers it). */
  paid: boolean;
  /** Runs (or continues) the phase. */
  run(ctx: StudyContext): Promise<PhaseOutcome>;
}

const DONE: PhaseOutcome = { status: "done" };

const budgetPause = async (work: () => Promise<unknown>): Promise<PhaseOutcome> => {
  try {
    await work();
    return DONE;
  } catch (error) {
    if (error instanceof BudgetExceededError) return { status: "paused", reason: error.message };
    throw error;
  }
};

/** Fetches the dataset on first use (or finds it), then loads the experiment's splits. */
export const DATA_PHASE: StudyPhase = {
  name: "data",
  title: "dataset present and verified (fetched on first use)",
  paid: false,
  async run(ctx) {
    const found = await ensureDataset(ctx.plan.config.dataset, {
      dataDir: ctx.plan.config.dataDir,
      log: ctx.say,
    });
    const data = await ctx.data();
    ctx.say(
      `data: ${ctx.plan.config.dataset} from ${found.origin} (train ${data.splits.train.length}, ` +
        `validation ${data.splits.validation.length}, test ${data.splits.test.length})`,
    );
    return DONE;
  },
};

/** Every mode × gate × run, stored step by step. */
export const EXPERIMENT_PHASE: StudyPhase = {
  name: "experiment",
  title: "every mode × gate × run (Single: one run per criterion)",
  paid: true,
  async run(ctx) {
    const ex = await ctx.experiment();
    const steps = ctx.plan.config.steps;
    const outcome = await ex.run({
      signal: ctx.signal,
      onStep: (record) => {
        if (record.step === steps) ctx.say(`experiment: ${record.runId} done`);
      },
    });
    const failed = outcome.runs.filter((r) => r.status === "failed");
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} run(s) failed, e.g. ${failed[0].runId}: ${failed[0].message}`,
      );
    }
    const paused = outcome.runs.find((r) => r.status === "paused");
    return paused ? { status: "paused", reason: paused.message ?? "paused" } : DONE;
  },
};

/** Gradient specificity and feedback adherence (paper §7.4–7.5). */
export const RATINGS_PHASE: StudyPhase = {
  name: "ratings",
  title: "both raters: gradient specificity and feedback adherence",
  paid: true,
  run: (ctx) =>
    budgetPause(async () => {
      const ex = await ctx.experiment();
      const outcome = await rateExperiment(ex.store, ex.llm, { signal: ctx.signal });
      ctx.say(
        `ratings: ${outcome.units} units, ${outcome.rated} rated now, ${outcome.skipped} stored before`,
      );
    }),
};

/** What the noise and oracle runners read from an opened experiment. */
function diagnosticsEnvironment(ex: Experiment) {
  return {
    llm: ex.llm,
    store: ex.store,
    spec: ex.data.spec,
    splits: ex.data.splits,
    profile: ex.profile,
  };
}

/** The seed prompt re-evaluated N times on the test split. */
export const NOISE_PHASE: StudyPhase = {
  name: "noise",
  title: "noise-only control: the seed prompt re-evaluated on the test split",
  paid: true,
  run: (ctx) =>
    budgetPause(async () => {
      const ex = await ctx.experiment();
      const env = diagnosticsEnvironment(ex);
      const repeats = await runNoiseControl(env, { repeats: ctx.plan.noiseRepeats });
      ctx.say(`noise control: ${repeats.length} repeats`);
    }),
};

/** The oracle combination of the Single runs' best instructions (paper §7.6). */
export const ORACLE_PHASE: StudyPhase = {
  name: "oracle",
  title: "oracle combination of the Single runs' best instructions",
  paid: true,
  run: (ctx) =>
    budgetPause(async () => {
      const ex = await ctx.experiment();
      const env = diagnosticsEnvironment(ex);
      for (const selection of ctx.plan.oracleSelections) {
        const records = await runOracleCombination(env, { selection });
        ctx.say(`oracle combination (${selection} selection): ${records.length} gate(s)`);
      }
    }),
};

/** Every analysis and every figure family, written to `<out>/figures/`. */
export const FIGURES_PHASE: StudyPhase = {
  name: "figures",
  title: "every analysis and every figure (SVG, PNG, HTML)",
  paid: false,
  async run(ctx) {
    const findings = await ctx.findings();
    const name = ctx.out.replace(/\/+$/, "").split("/").at(-1) ?? "study";
    const mitigations = await ctx.mitigationTable();
    const figures = {
      ...findingsFigures(findings, { title: name }),
      ...(mitigations ? mitigationFigures(mitigations, { title: name }) : {}),
    };
    const written = await exportFigure(figures, {
      dir: `${ctx.out}/figures`,
      formats: ctx.figureFormats,
    });
    ctx.say(`figures: ${written.length} files in ${ctx.out}/figures`);
    return DONE;
  },
};

/** `<out>/REPORT.md`: each table beside the paper's values, costs, deviations. */
export const REPORT_PHASE: StudyPhase = {
  name: "report",
  title: "REPORT.md beside the paper's values",
  paid: false,
  async run(ctx) {
    const ex = await ctx.experiment();
    const path = await writeStudyReport({
      out: ctx.out,
      plan: ctx.plan,
      manifest: ex.manifest,
      findings: await ctx.findings(),
      mitigations: await ctx.mitigationTable(),
      state: ctx.state(),
      figureFormats: ctx.figureFormats,
    });
    ctx.say(`report: ${path}`);
    return DONE;
  },
};

/** Options of {@linkcode studyPhases}. */
export interface StudyPhasesOptions {
  /** Phases inserted after the oracle combination and before the figures (e.g. mitigations). */
  extra?: StudyPhase[];
}

/**
 * The study's phases in order: data, experiment, ratings, noise, oracle, [extra…], figures,
 * report.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { studyPhases } from "./phases.ts";
 * assert.deepEqual(studyPhases().map((p) => p.name),
 *   ["data", "experiment", "ratings", "noise", "oracle", "figures", "report"]);
 * ```
 */
export function studyPhases(options: StudyPhasesOptions = {}): StudyPhase[] {
  return [
    DATA_PHASE,
    EXPERIMENT_PHASE,
    RATINGS_PHASE,
    NOISE_PHASE,
    ORACLE_PHASE,
    ...(options.extra ?? []),
    FIGURES_PHASE,
    REPORT_PHASE,
  ];
}
