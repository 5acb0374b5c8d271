/**
 * Runs (or continues) a study phase by phase: checks the settings against the state file, asks
 * before the first paid call of a live study, marks each phase done when it completes, and at the
 * end of a dry run prints what the full study would cost.
 *
 * @module
 */
import type { Findings } from "../analysis/findings.ts";
import { findingsOf } from "../analysis/findings.ts";
import { type ExperimentData, loadExperimentData } from "../experiment/dataset.ts";
import { profileOf } from "../experiment/components.ts";
import { resolveLlmConfig } from "../experiment/llm_config.ts";
import { type Experiment, openExperiment } from "../experiment/setup.ts";
import {
  formatProgress,
  ProgressReporter,
  type ProgressSink,
  type ProgressSnapshot,
} from "../display/progress.ts";
import type { RoleUsage } from "../llm/usage.ts";
import { seededRandom } from "../random.ts";
import { MITIGATIONS_PHASE } from "./mitigation_phase.ts";
import { mitigationStudyDir } from "./mitigation_plan.ts";
import { type MitigationTable, mitigationTable } from "../analysis/mitigation_table.ts";
import { type StudyContext, type StudyPhase, studyPhases } from "./phases.ts";
import { PAPER_STUDY, type StudyPlan } from "./plan.ts";
import {
  addUsage,
  readStudyState,
  settingsDrift,
  studySettings,
  type StudyState,
  usageDelta,
  writeStudyState,
} from "./state.ts";
import { estimateStudy, formatStudyEstimate, type PhaseEstimate } from "./study_estimate.ts";

/** Where the study writes. */
export interface StudyIo {
  /** Normal output. */
  out: (line: string) => void;
  /** Errors and warnings. */
  err: (line: string) => void;
}

/** Options of {@linkcode runStudy}. */
export interface RunStudyOptions {
  /** Output. Default the console. */
  io?: StudyIo;
  /** Skip the confirmation before paid calls. */
  yes?: boolean;
  /** Asks the user; `null` when no one can answer (no TTY). Default: a TTY prompt on stdin. */
  ask?: ((question: string) => Promise<boolean>) | null;
  /** Artificial latency of each dry-run call in ms (rehearsals, tests). */
  latencyMs?: number;
  /** Assumed latency of a live call for wall-time estimates, ms. Default 1000. */
  estimateLatencyMs?: number;
  /** Figure formats. Default SVG, PNG and HTML. */
  figureFormats?: ("svg" | "png" | "html")[];
  /** Extra phases (after the oracle combination, before the figures). */
  extraPhases?: StudyPhase[];
  /** Progress display. Default: a terminal line on stderr, or a line every 15 s without a TTY. */
  progress?: ProgressSink;
}

/** Exit codes of a study: done, error, refused (flags, drift, no confirmation), paused. */
export const STUDY_EXIT: Readonly<{ done: 0; error: 1; refused: 2; paused: 3 }> = Object.freeze({
  done: 0,
  error: 1,
  refused: 2,
  paused: 3,
});

const DRY_TAG = "DRY RUN (synthetic outputs) ";

/**
 * Runs the study of `plan` in `plan.config.out`, continuing where a previous attempt stopped.
 * Returns the exit code (see {@linkcode STUDY_EXIT}).
 *
 * @example
 * ```ts ignore
 * import { buildStudyPlan, runStudy } from "../mod.ts";
 * const plan = await buildStudyPlan({ out: "runs/rehearsal" });
 * if (plan.ok) Deno.exit(await runStudy(plan.value, { yes: true }));
 * ```
 */
export async function runStudy(plan: StudyPlan, options: RunStudyOptions = {}): Promise<number> {
  const io = options.io ?? { out: console.log, err: console.error };
  const out = plan.config.out;
  const tag = plan.dryRun ? DRY_TAG : "";
  const llmConfig = await resolveLlmConfig(plan.config);
  const settings: Record<string, unknown> = {
    ...studySettings(plan),
    // The sampling settings per role change the answers: a rerun with other models is refused.
    models: Object.fromEntries(
      Object.entries(llmConfig.roles).map((
        [role, e],
      ) => [role, { model: e.model, temperature: e.temperature ?? null, maxTokens: e.maxTokens }]),
    ),
  };
  const stored = await readStudyState(out);
  if (stored) {
    // States written before the mitigation study existed hold no `mitigations`: the study had none.
    stored.settings.mitigations ??= null;
    if (stored.settings.mitigations === null && (settings.mitigations ?? null) !== null) {
      // Adding the mitigation study changes no stored result: its phase runs, and the figures and
      // the report are redone to include it.
      stored.settings.mitigations = settings.mitigations;
      for (const name of ["figures", "report"]) {
        if (stored.phases[name]) {
          stored.phases[name] = { ...stored.phases[name], status: "started" };
        }
      }
      io.out(`${tag}${out}: adding the mitigation study (--mitigations) to this study`);
    }
    const drift = settingsDrift(stored.settings, settings);
    if (drift.length > 0) {
      const hint = drift.some((d) =>
          d.startsWith("mitigations")
        ) && (settings.mitigations ?? null) === null
        ? "\nThis study was started with --mitigations: add --mitigations to continue it."
        : "";
      io.err(
        `${out} holds a study started with other settings, which would change its results:\n  ${
          drift.join("\n  ")
        }${hint}\nRun the same command as before (or change only --budget or concurrency), or choose another --out.`,
      );
      return STUDY_EXIT.refused;
    }
  }
  let state: StudyState = stored ?? { version: 1, settings, phases: {} };
  await writeStudyState(out, state);
  const phases = studyPhases({
    extra: [...(plan.mitigations ? [MITIGATIONS_PHASE] : []), ...(options.extraPhases ?? [])],
  });
  const pending = phases.filter((p) => state.phases[p.name]?.status !== "done");
  if (pending.length === 0) {
    io.out(`${tag}${out}: every phase is done; report: ${out}/REPORT.md`);
    return STUDY_EXIT.done;
  }
  io.out(
    `${tag}study ${out}: ${plan.config.dataset}, profile ${plan.config.profile}, modes ${
      plan.config.modes.join(",")
    } × gates ${
      plan.config.gates.join(",")
    } × ${plan.config.runs} runs × ${plan.config.steps} steps; ` +
      `phases to run: ${pending.map((p) => p.name).join(", ")}`,
  );

  let phaseName = "";
  const progress = new ProgressReporter({
    output: options.progress ?? phaseSink(() => phaseName),
    dryRun: plan.dryRun,
  });
  const say = (line: string) => progress.interrupt(() => io.out(`${tag}${line}`));
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  let data: Promise<ExperimentData> | undefined;
  let opened: Promise<Experiment> | undefined;
  let findings: Promise<Findings> | undefined;
  let mitigations: Promise<MitigationTable | null> | undefined;
  const ctx: StudyContext = {
    plan,
    out,
    say,
    signal: controller.signal,
    onCall: progress.observe,
    figureFormats: options.figureFormats ?? ["svg", "png", "html"],
    state: () => state,
    data: () => data ??= loadExperimentData(plan.config, profileOf(plan.config)),
    experiment: () =>
      opened ??= (async () =>
        openExperiment(plan.config, {
          resume: await exists(`${out}/experiment.sqlite`),
          onCall: progress.observe,
          latencyMs: options.latencyMs,
          data: await ctx.data(),
        }))(),
    findings: () =>
      findings ??= (async () => {
        const ex = await ctx.experiment();
        return findingsOf(ex.store, { random: seededRandom(42), test: ex.data.splits.test });
      })(),
    mitigationTable: () =>
      mitigations ??= plan.mitigations
        ? (async () =>
          mitigationTable(mitigationStudyDir(out), { test: (await ctx.data()).splits.test }))()
        : Promise.resolve(null),
  };
  let estimate: PhaseEstimate[] | undefined;
  try {
    for (const phase of phases) {
      if (state.phases[phase.name]?.status === "done") continue;
      if (phase.paid && !plan.dryRun && estimate === undefined) {
        estimate = await estimateStudy(plan, await ctx.data(), {
          latencyMs: options.estimateLatencyMs,
        });
        const todo = estimate.filter((e) => state.phases[e.phase]?.status !== "done");
        io.out("Estimate before the paid calls (per phase and role, at the configured prices):");
        io.out(formatStudyEstimate(todo));
        const go = await confirm(options);
        if (go !== true) {
          io.err(go);
          return STUDY_EXIT.refused;
        }
      }
      phaseName = phase.name;
      const ex = phase.name === "data" ? undefined : await ctx.experiment();
      const before = ex?.llm.usage().roles ?? {};
      const expected = estimate?.find((e) => e.phase === phase.name);
      if (expected) {
        const calls = Object.values(expected.roles).reduce((s, u) => s + u.calls, 0);
        progress.setTotal(progress.snapshot().done + calls);
      }
      const previous = state.phases[phase.name];
      state = withPhase(state, phase.name, {
        status: "started",
        attempts: (previous?.attempts ?? 0) + 1,
      });
      await writeStudyState(out, state);
      say(`phase ${phase.name}: ${phase.title}`);
      const started = performance.now();
      const outcome = await phase.run(ctx);
      const delta: Record<string, RoleUsage> = addUsage(
        ex ? usageDelta(before, ex.llm.usage().roles) : {},
        outcome.usage ?? {},
      );
      state = withPhase(state, phase.name, {
        status: outcome.status === "done" ? "done" : "started",
        wallMs: (state.phases[phase.name]?.wallMs ?? 0) + Math.round(performance.now() - started),
        usage: addUsage(state.phases[phase.name]?.usage ?? {}, delta),
      });
      await writeStudyState(out, state);
      if (outcome.status === "paused") {
        progress.finish();
        io.err(`${tag}phase ${phase.name} paused: ${outcome.reason}`);
        io.err(
          `Everything done so far is stored. Run the same command again to continue` +
            ` (a higher --budget if the budget was reached).`,
        );
        return STUDY_EXIT.paused;
      }
    }
    progress.finish();
    io.out(`${tag}done: ${out}/REPORT.md, figures in ${out}/figures/`);
    io.out(`${tag}notebooks on this store: COLLIDE_STORE=${out} jupyter notebook notebooks/`);
    if (plan.dryRun) await printFullStudyEstimate(plan, io, options);
    return STUDY_EXIT.done;
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    if (opened) (await opened).close();
  }
}

async function confirm(options: RunStudyOptions): Promise<true | string> {
  if (options.yes) return true;
  const ask = options.ask === undefined ? (Deno.stdin.isTerminal() ? ttyAsk : null) : options.ask;
  if (ask === null) {
    return "No confirmation: standard input is not a terminal and --yes was not given. " +
      "Read the estimate above, then run again with --yes to start the paid calls.";
  }
  return (await ask("Start the paid calls? [y/N] ")) ? true : "Not confirmed: nothing was sent.";
}

function ttyAsk(question: string): Promise<boolean> {
  const answer = prompt(question);
  return Promise.resolve(/^y(es)?$/i.test(answer?.trim() ?? ""));
}

async function printFullStudyEstimate(plan: StudyPlan, io: StudyIo, options: RunStudyOptions) {
  const config = {
    ...plan.config,
    ...PAPER_STUDY,
    testLimit: undefined,
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
  };
  // Not a dry run's reduced grid: the estimate is of the full study, mitigation study included.
  const full: StudyPlan = {
    ...plan,
    config,
    noiseRepeats: PAPER_STUDY.noiseRepeats,
    dryRun: false,
  };
  const data = await loadExperimentData(config, profileOf(config));
  const estimate = await estimateStudy(full, data, { latencyMs: options.estimateLatencyMs });
  io.out("");
  io.out(
    `${DRY_TAG}estimate of the full study (${config.runs} runs × ${config.steps} steps, full test ` +
      `split of ${data.splits.test.length} rows, ${PAPER_STUDY.noiseRepeats} noise repeats) at the ` +
      `configured prices and limits, ${options.estimateLatencyMs ?? 1000} ms per call:`,
  );
  io.out(formatStudyEstimate(estimate));
  io.out("");
  io.out("To run it for real, point an experiment config at your endpoint and run:");
  io.out("  deno task reproduce --config experiment.json --out runs/reproduce-summeval");
  io.out('(see the README, "Reproduce with your endpoint"; set prices there to estimate dollars).');
}

function withPhase(
  state: StudyState,
  name: string,
  patch: Partial<StudyState["phases"][string]>,
): StudyState {
  const previous = state.phases[name] ?? { status: "started", attempts: 0, wallMs: 0, usage: {} };
  return { ...state, phases: { ...state.phases, [name]: { ...previous, ...patch } } };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * A progress display naming the running phase: one redrawn line on a terminal (stderr), else a
 * line every 15 s and at the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { phaseSink } from "./run_study.ts";
 * const lines: string[] = [];
 * const sink = phaseSink(() => "ratings", { write: (l) => lines.push(l), terminal: false });
 * sink.render({ label: "x", done: 1, cacheHits: 0, failures: 0, inputTokens: 1, outputTokens: 1,
 *   costUsd: 0, elapsedMs: 1, dryRun: false }, true);
 * assert.match(lines[0], /phase ratings/);
 * ```
 */
export function phaseSink(
  phase: () => string,
  options: { write?: (line: string) => void; terminal?: boolean; everyMs?: number } = {},
): ProgressSink {
  const encoder = new TextEncoder();
  const terminal = options.terminal ?? Deno.stderr.isTerminal();
  const write = options.write ??
    ((line: string) => Deno.stderr.writeSync(encoder.encode(terminal ? line : `${line}\n`)));
  let last = 0;
  const text = (s: ProgressSnapshot) => formatProgress({ ...s, label: `phase ${phase()}` });
  return {
    render(snapshot, final) {
      if (terminal) {
        write(`\r\x1b[K${text(snapshot)}${final ? "\n" : ""}`);
        return;
      }
      const now = Date.now();
      if (!final && now - last < (options.everyMs ?? 15_000)) return;
      last = now;
      write(text(snapshot));
    },
    clear() {
      if (terminal) write("\r\x1b[K");
    },
  };
}
