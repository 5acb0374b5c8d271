// The refactor guard: every record a dry run writes (every mode, both gates, both profiles, and
// OPRO) digested and compared with the digest committed before the loop was restructured.
// `COLLIDE_UPDATE_DIGEST=1` rewrites the committed digest (only when a change of records is meant).
import { createHash } from "node:crypto";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import { comparableRecords } from "./_records.ts";
import { assertDigests, withToyGrid } from "./_toy.ts";

const DIGEST_FILE = new URL("../fixtures/experiment/records_digest.json", import.meta.url);

const GRIDS: Record<string, Partial<ExperimentConfig>> = {
  "textgrad/paper": {
    profile: "paper",
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
  },
  "textgrad/default": {
    profile: "default",
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
  },
  "opro/paper": { profile: "paper", algorithm: "opro", modes: ["CCC"], gates: ["mae"] },
  "opro/default": { profile: "default", algorithm: "opro", modes: ["CCC"], gates: ["none"] },
};

function sha256(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/** Per table, the sha256 of the records a dry run of `grid` writes. */
function digestOf(grid: Partial<ExperimentConfig>): Promise<Record<string, string>> {
  return withToyGrid(grid, (dir) => {
    const records = comparableRecords(`${dir}/experiment.sqlite`) as Record<string, unknown>;
    // The manifest's configuration section may be restructured; what it says about the profile,
    // the dataset and the roles may not.
    const { dataset, profile, roles, dryRun } = records.manifest as Record<string, unknown>;
    const digest: Record<string, string> = {
      manifest: sha256({ dataset, profile, roles, dryRun }),
    };
    for (const table of Object.keys(records).filter((t) => t !== "manifest").sort()) {
      digest[table] = sha256(records[table]);
    }
    return digest;
  });
}

Deno.test("dry runs of every mode, gate, profile and optimizer write the records committed before the refactor", async () => {
  await assertDigests(DIGEST_FILE, GRIDS, digestOf);
});
