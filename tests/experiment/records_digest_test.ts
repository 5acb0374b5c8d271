// The refactor guard: every record a dry run writes (every mode, both gates, both profiles, and
// OPRO) digested and compared with the digest committed before the loop was restructured.
// `COLLIDE_UPDATE_DIGEST=1` rewrites the committed digest (only when a change of records is meant).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { runExperiment } from "../../lib/experiment/experiment.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import { comparableRecords } from "./_records.ts";
import { toyConfig, toyData } from "./_toy.ts";

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
async function digestOf(grid: Partial<ExperimentConfig>): Promise<Record<string, string>> {
  const dir = await Deno.makeTempDir();
  try {
    const config = toyConfig(dir, { steps: 2, concurrency: 4, ...grid });
    const experiment = await openExperiment(config, { data: toyData() });
    try {
      await runExperiment({
        config,
        spec: experiment.data.spec,
        splits: experiment.data.splits,
        llm: experiment.llm,
        store: experiment.store,
        profile: experiment.profile,
        optimizer: experiment.optimizer,
      });
    } finally {
      experiment.close();
    }
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
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("dry runs of every mode, gate, profile and optimizer write the records committed before the refactor", async () => {
  const actual: Record<string, Record<string, string>> = {};
  for (const [name, grid] of Object.entries(GRIDS)) actual[name] = await digestOf(grid);
  if (Deno.env.get("COLLIDE_UPDATE_DIGEST") === "1") {
    await Deno.writeTextFile(DIGEST_FILE, JSON.stringify(actual, null, 2) + "\n");
  }
  const expected = JSON.parse(await Deno.readTextFile(DIGEST_FILE));
  assert.deepEqual(actual, expected);
});
