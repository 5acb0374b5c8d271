/**
 * Decomposition modes as data: three letters for the loss, gradient and optimizer stages.
 *
 * @module
 */
import type { ParseOutcome } from "../schema.ts";

/** How a stage treats the criteria: `S` one criterion per call, `C` all criteria in one call. */
export type Strategy = "S" | "C";

/** A decomposition mode (paper-method §1, §4.6). */
export interface Mode {
  /** Display name: `SSS`, `SSC`, `SCC`, `CCC` or `Single`. */
  name: string;
  /** Strategy of the loss stage. */
  loss: Strategy;
  /** Strategy of the gradient stage. */
  gradient: Strategy;
  /** Strategy of the optimizer stage. */
  optimizer: Strategy;
  /**
   * One criterion per run (the Single-Task baseline): the judge prompt holds one criterion and the
   * stages follow the C path with a one-criterion list.
   */
  single: boolean;
}

/** Stage names in pipeline order, matching the letters of a mode. */
export const STAGES = ["loss", "gradient", "optimizer"] as const;

function preset(name: string, single = false): Mode {
  const letters = single ? "CCC" : name;
  return Object.freeze({
    name,
    loss: letters[0] as Strategy,
    gradient: letters[1] as Strategy,
    optimizer: letters[2] as Strategy,
    single,
  });
}

/** The paper's five modes. */
export const MODE_PRESETS: Readonly<Record<string, Mode>> = Object.freeze({
  SSS: preset("SSS"),
  SSC: preset("SSC"),
  SCC: preset("SCC"),
  CCC: preset("CCC"),
  Single: preset("Single", true),
});

/**
 * Parses a mode name: three letters S/C (case-insensitive) or `Single`. A mode with an `S` after a
 * `C` is rejected: once a stage has fused the criteria into one text, later stages cannot split
 * it again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMode } from "./mode.ts";
 * const ssc = parseMode("ssc");
 * assert.ok(ssc.ok && ssc.value.optimizer === "C");
 * const bad = parseMode("SCS");
 * assert.ok(!bad.ok && bad.issues[0].includes("optimizer"));
 * ```
 */
export function parseMode(text: string): ParseOutcome<Mode> {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === "single") return { ok: true, value: MODE_PRESETS.Single };
  const letters = trimmed.toUpperCase();
  const valid = `valid modes: ${Object.keys(MODE_PRESETS).join(", ")}`;
  if (!/^[SC]{3}$/.test(letters)) {
    return {
      ok: false,
      issues: [
        `mode "${text}" is not three letters S/C (loss, gradient, optimizer) or "Single"; ${valid}`,
      ],
    };
  }
  const firstC = letters.indexOf("C");
  const laterS = firstC < 0 ? -1 : letters.indexOf("S", firstC);
  if (laterS >= 0) {
    return {
      ok: false,
      issues: [
        `mode "${letters}" is invalid: the ${STAGES[laterS]} stage is S (separate) after the ` +
        `${STAGES[firstC]} stage is C (combined); once a stage combines the criteria into one ` +
        `text, later stages cannot split it per criterion again; ${valid}`,
      ],
    };
  }
  return { ok: true, value: MODE_PRESETS[letters] };
}
