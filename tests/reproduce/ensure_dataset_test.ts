import assert from "node:assert/strict";
import { DataError } from "../../lib/data/data_error.ts";
import { ensureDataset } from "../../lib/reproduce/ensure_dataset.ts";
import { testDataDir } from "../_data_dir.ts";

Deno.test({
  name:
    "ensureDataset: present files are left alone; a set data folder wins and is never fetched into",
  ignore: !testDataDir,
  async fn() {
    const lines: string[] = [];
    const found = await ensureDataset("summeval", {
      dataDir: testDataDir,
      log: (l) => lines.push(l),
    });
    assert.equal(found.action, "present");
    assert.equal(lines.length, 0);
    const empty = await Deno.makeTempDir();
    await assert.rejects(
      () => ensureDataset("summeval", { dataDir: empty, projectDataDir: empty, log: () => {} }),
      (error: Error) => error instanceof DataError && error.message.includes("nothing is fetched"),
    );
    await Deno.remove(empty, { recursive: true });
  },
});

Deno.test({
  name:
    "ensureDataset: a missing dataset is fetched and verified as deno task data does, saying so",
  ignore: !testDataDir,
  async fn() {
    const project = await Deno.makeTempDir();
    const env = Deno.env.get("COLLIDE_DATA_DIR");
    Deno.env.delete("COLLIDE_DATA_DIR");
    try {
      const lines: string[] = [];
      // The source is the shared copy (no network in tests): found by checksum, verified, copied.
      const result = await ensureDataset("summeval", {
        projectDataDir: project,
        fetch: { from: testDataDir },
        log: (l) => lines.push(l),
      });
      assert.equal(result.action, "fetched");
      assert.match(lines[0], /summeval is not in the data folder yet: fetching and verifying/);
      assert.ok(lines.some((l) => /every checksum verified/.test(l)));
      assert.ok((await Deno.stat(`${project}/summeval/summeval.jsonl`)).isFile);
      const again = await ensureDataset("summeval", { projectDataDir: project, log: () => {} });
      assert.equal(again.action, "present");
    } finally {
      if (env !== undefined) Deno.env.set("COLLIDE_DATA_DIR", env);
      await Deno.remove(project, { recursive: true });
    }
  },
});
