/**
 * The study's progress beside its store: `<out>/reproduce.json` holds the settings that decide
 * results (checked on every rerun, naming the field that changed) and, per phase, whether it is
 * done and what it cost. Written atomically (temporary file, then rename), so a SIGKILL leaves the
 * previous state.
 *
 * @module
 */
import type { RoleUsage } from "../llm/usage.ts";
import type { StudyPlan } from "./plan.ts";

/** What one phase has done so far (summed over every attempt). */
export interface PhaseState {
  /** `done` once the phase completed; otherwise `started`. */
  status: "started" | "done";
  /** Attempts (processes that ran the phase). */
  attempts: number;
  /** Wall time over all attempts in ms (attempts killed before recording theirs are not in it). */
  wallMs: number;
  /** Usage per role of the recorded attempts. */
  usage: Record<string, RoleUsage>;
}

/** The state file. */
export interface StudyState {
  /** Format version. */
  version: 1;
  /** The result-deciding settings the study started with. */
  settings: Record<string, unknown>;
  /** Phases by name. */
  phases: Record<string, PhaseState>;
}

/** Path of the state file of an output folder. */
export const stateFile = (out: string): string => `${out}/reproduce.json`;

/**
 * The settings of a plan that decide its results (the budget, concurrency, folder and endpoint
 * address do not; models and prices are checked by the experiment's manifest).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildStudyPlan } from "./plan.ts";
 * import { studySettings } from "./state.ts";
 * const plan = await buildStudyPlan({ env: () => undefined });
 * assert.ok(plan.ok && studySettings(plan.value).runs === 2);
 * ```
 */
export function studySettings(plan: StudyPlan): Record<string, unknown> {
  const c = plan.config;
  return {
    dataset: c.dataset,
    profile: c.profile,
    backend: c.backend,
    modes: c.modes,
    gates: c.gates,
    runs: c.runs,
    steps: c.steps,
    batchSize: c.batchSize,
    validationSize: c.validationSize,
    testLimit: c.testLimit ?? null,
    algorithm: c.algorithm,
    seed: c.seed,
    sampling: c.sampling,
    split: c.split,
    judge: c.judge ?? null,
    noiseRepeats: plan.noiseRepeats,
    oracleSelections: plan.oracleSelections,
    mitigations: plan.mitigations,
  };
}

/**
 * The fields whose values differ between a stored and a wanted settings object, as
 * `field: stored → wanted` lines (nested fields dotted, e.g. `models.judge.model`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { settingsDrift } from "./state.ts";
 * assert.deepEqual(settingsDrift({ runs: 3, steps: 12 }, { runs: 2, steps: 12 }), ["runs: 3 → 2"]);
 * assert.deepEqual(settingsDrift({ models: { judge: { model: "a" } } }, { models: { judge: { model: "b" } } }),
 *   ['models.judge.model: "a" → "b"']);
 * ```
 */
export function settingsDrift(
  stored: Record<string, unknown>,
  wanted: Record<string, unknown>,
  prefix = "",
): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(wanted)])];
  return keys.flatMap((k) => {
    const [a, b] = [stored[k], wanted[k]];
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    if (isObject(a) && isObject(b)) return settingsDrift(a, b, `${prefix}${k}.`);
    return [`${prefix}${k}: ${JSON.stringify(a ?? null)} → ${JSON.stringify(b ?? null)}`];
  });
}

/**
 * Reads the state of `out`, or `null` when the study has not started there.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readStudyState } from "./state.ts";
 * assert.equal(await readStudyState("/nonexistent"), null);
 * ```
 */
export async function readStudyState(out: string): Promise<StudyState | null> {
  try {
    return JSON.parse(await Deno.readTextFile(stateFile(out))) as StudyState;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new Error(`${stateFile(out)} is unreadable: ${(error as Error).message}`);
  }
}

/**
 * Writes the state of `out` atomically.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readStudyState, writeStudyState } from "./state.ts";
 * const dir = await Deno.makeTempDir();
 * await writeStudyState(dir, { version: 1, settings: { runs: 1 }, phases: {} });
 * assert.equal((await readStudyState(dir))?.settings.runs, 1);
 * ```
 */
export async function writeStudyState(out: string, state: StudyState): Promise<void> {
  await Deno.mkdir(out, { recursive: true });
  const tmp = `${stateFile(out)}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(state, null, 2) + "\n");
  await Deno.rename(tmp, stateFile(out));
}

/**
 * Adds `usage` (per role) into `into`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addUsage } from "./state.ts";
 * const zero = { calls: 0, cacheHits: 0, failures: 0, inputTokens: 0, outputTokens: 0,
 *   reasoningTokens: 0, estimatedCalls: 0, unpricedCalls: 0, costUsd: 0 };
 * const sum = addUsage({ judge: { ...zero, calls: 1 } }, { judge: { ...zero, calls: 2 } });
 * assert.equal(sum.judge.calls, 3);
 * ```
 */
export function addUsage(
  into: Record<string, RoleUsage>,
  usage: Record<string, RoleUsage>,
): Record<string, RoleUsage> {
  const out: Record<string, RoleUsage> = structuredClone(into);
  for (const [role, u] of Object.entries(usage)) {
    const prev = out[role];
    out[role] = prev
      ? Object.fromEntries(
        Object.entries(u).map(([k, v]) => [k, (prev[k as keyof RoleUsage] ?? 0) + v]),
      ) as unknown as RoleUsage
      : { ...u };
  }
  return out;
}

/**
 * The usage of `after` minus `before`, per role (roles with nothing new are left out).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { usageDelta } from "./state.ts";
 * const zero = { calls: 0, cacheHits: 0, failures: 0, inputTokens: 0, outputTokens: 0,
 *   reasoningTokens: 0, estimatedCalls: 0, unpricedCalls: 0, costUsd: 0 };
 * const d = usageDelta({ judge: { ...zero, calls: 1 } }, { judge: { ...zero, calls: 4 } });
 * assert.equal(d.judge.calls, 3);
 * ```
 */
export function usageDelta(
  before: Record<string, RoleUsage>,
  after: Record<string, RoleUsage>,
): Record<string, RoleUsage> {
  const out: Record<string, RoleUsage> = {};
  for (const [role, u] of Object.entries(after)) {
    const b = before[role];
    const d = Object.fromEntries(
      Object.entries(u).map(([k, v]) => [k, v - (b?.[k as keyof RoleUsage] ?? 0)]),
    ) as unknown as RoleUsage;
    if (d.calls + d.cacheHits + d.failures > 0) out[role] = d;
  }
  return out;
}
