/**
 * The grid an experiment runs: modes × gates per algorithm. TextGrad runs every listed mode and
 * gate; OPRO has no loss or gradient stage and makes one optimizer call for all criteria, so its
 * multi-criterion modes are one configuration, and under `oproWithoutGate` (the paper) it runs
 * without the validation gate.
 *
 * @module
 */
import { parseMode } from "../textgrad/mode.ts";
import { resolveProfile } from "../loop/profile_spec.ts";
import type { ExperimentConfig } from "./config.ts";

/** The modes and gates an experiment runs, and what was changed from the configuration. */
export interface ExperimentGrid {
  /** Mode names to run (OPRO: `CCC` for all criteria at once, and `Single` when listed). */
  modes: string[];
  /** Gate metrics to run. */
  gates: string[];
  /** One line per change made to the configured grid (print them as warnings). */
  notes: string[];
}

/**
 * The grid of a configuration (OPRO's grid axes in `components.ts` read it, and the CLI prints
 * its notes). For OPRO, every multi-criterion mode (SSS, SSC, SCC, CCC) is the
 * same optimizer and becomes one `CCC` configuration (the letters name TextGrad's stages, which
 * OPRO does not have); `Single` stays (one criterion per run). Under the profile's
 * `oproWithoutGate` quirk (the paper) every gate becomes `none`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { experimentGrid } from "./grid.ts";
 * const grid = experimentGrid({ algorithm: "opro", profile: "paper", modes: ["SSS", "CCC"],
 *   gates: ["mae", "none"] });
 * assert.deepEqual([grid.modes, grid.gates], [["CCC"], ["none"]]);
 * assert.equal(grid.notes.length, 2);
 * const textgrad = experimentGrid({ algorithm: "textgrad", profile: "paper", modes: ["SSS"],
 *   gates: ["mae"] });
 * assert.deepEqual([textgrad.modes, textgrad.gates, textgrad.notes], [["SSS"], ["mae"], []]);
 * ```
 */
export function experimentGrid(
  config: Pick<ExperimentConfig, "algorithm" | "profile" | "modes" | "gates">,
): ExperimentGrid {
  if (config.algorithm !== "opro") {
    return { modes: [...config.modes], gates: [...config.gates], notes: [] };
  }
  const notes: string[] = [];
  const single = config.modes.filter((m) => {
    const parsed = parseMode(m);
    return parsed.ok && parsed.value.single;
  });
  const combined = config.modes.filter((m) => !single.includes(m));
  const modes = [...(combined.length > 0 ? ["CCC"] : []), ...single];
  if (combined.length > 1 || (combined.length === 1 && combined[0] !== "CCC")) {
    notes.push(
      `OPRO ignores modes ${combined.join(",")}: it has no loss or gradient stage and makes one ` +
        `optimizer call for all criteria, so they are one configuration, stored as opro/CCC`,
    );
  }
  const resolved = resolveProfile(config.profile);
  if (!resolved.ok) throw new RangeError(resolved.issues.join("; "));
  const profile = resolved.value;
  let gates = [...config.gates];
  if (profile.quirks.oproWithoutGate && gates.some((g) => g !== "none")) {
    notes.push(
      `OPRO runs without the validation gate in the ${profile.name} profile (oproWithoutGate): ` +
        `gates ${gates.join(",")} become none`,
    );
    gates = ["none"];
  }
  return { modes, gates, notes };
}
