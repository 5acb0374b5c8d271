import assert from "node:assert/strict";
import { join } from "node:path";
import { locateDataFile } from "../../lib/data/locate.ts";

async function folderWith(relative: string): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(join(dir, relative, ".."), { recursive: true });
  await Deno.writeTextFile(join(dir, relative), "");
  return dir;
}

Deno.test("locateDataFile prefers an explicit path, then the data dir, then the project folder", async () => {
  const rel = "summeval/summeval.jsonl";
  const env = await folderWith(rel);
  const project = await folderWith(rel);
  assert.deepEqual(await locateDataFile(rel, { path: "/x.jsonl", dataDir: env }), {
    path: "/x.jsonl",
    origin: "path",
  });
  assert.deepEqual(await locateDataFile(rel, { dataDir: env, projectDataDir: project }), {
    path: join(env, rel),
    origin: "env",
  });
  const emptyEnv = await Deno.makeTempDir();
  assert.deepEqual(await locateDataFile(rel, { dataDir: emptyEnv, projectDataDir: project }), {
    path: join(project, rel),
    origin: "project",
  });
});

Deno.test("locateDataFile reads COLLIDE_DATA_DIR when no dataDir is given", async () => {
  const rel = "brighter/eng_dev.jsonl";
  const env = await folderWith(rel);
  const saved = Deno.env.get("COLLIDE_DATA_DIR");
  Deno.env.set("COLLIDE_DATA_DIR", env);
  try {
    const found = await locateDataFile(rel, { projectDataDir: await Deno.makeTempDir() });
    assert.deepEqual(found, { path: join(env, rel), origin: "env" });
  } finally {
    if (saved === undefined) Deno.env.delete("COLLIDE_DATA_DIR");
    else Deno.env.set("COLLIDE_DATA_DIR", saved);
  }
});
