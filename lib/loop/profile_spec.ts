/**
 * Profiles chosen by configuration: a named profile, or a named base with some quirks overridden
 * (single-quirk ablations), resolved through the {@linkcode PROFILES} table.
 *
 * @module
 */
import type { ParseOutcome } from "../schema.ts";
import {
  DEFAULT_PROFILE,
  PAPER_PROFILE,
  type Profile,
  type Quirks,
  withQuirks,
} from "./profile.ts";

/** The named profiles a configuration can choose. */
export const PROFILES: Readonly<Record<string, Profile>> = Object.freeze({
  paper: PAPER_PROFILE,
  default: DEFAULT_PROFILE,
});

/** A profile as configured: `"paper"`, `"default"`, or `{ base, quirks }`. */
export type ProfileSpec = string | { base: string; quirks: Partial<Quirks>; name?: string };

/**
 * Resolves a configured profile; unknown names and unknown quirk flags are issues, not throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveProfile } from "./profile_spec.ts";
 * const ablation = resolveProfile({ base: "default", quirks: { cccFirstTaskLabel: true } });
 * assert.ok(ablation.ok && ablation.value.quirks.cccFirstTaskLabel);
 * assert.ok(ablation.ok && ablation.value.name === "default+cccFirstTaskLabel");
 * assert.ok(!resolveProfile("papr").ok);
 * ```
 */
export function resolveProfile(spec: ProfileSpec): ParseOutcome<Profile> {
  const baseName = typeof spec === "string" ? spec : spec.base;
  const base = PROFILES[baseName];
  if (!base) {
    return {
      ok: false,
      issues: [`profile "${baseName}" is unknown; available: ${Object.keys(PROFILES).join(", ")}`],
    };
  }
  if (typeof spec === "string") return { ok: true, value: base };
  const unknown = Object.keys(spec.quirks).filter((key) => !(key in base.quirks));
  if (unknown.length > 0) {
    return {
      ok: false,
      issues: unknown.map((key) =>
        `profile quirk "${key}" is unknown; quirks: ${Object.keys(base.quirks).join(", ")}`
      ),
    };
  }
  return { ok: true, value: withQuirks(base, spec.quirks, spec.name) };
}
