import assert from "node:assert/strict";
import { parseRunArgs } from "../../lib/cli/args.ts";
import { main } from "../../lib/cli/run.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

Deno.test("flags override the config; comma lists become arrays", () => {
  const parsed = parseRunArgs([
    "--modes",
    "SSS, CCC",
    "--gates",
    "none",
    "--runs",
    "2",
    "--budget",
    "1.5",
    "--out",
    "x",
  ]);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.value.overrides.modes, ["SSS", "CCC"]);
  assert.deepEqual(parsed.value.overrides.gates, ["none"]);
  assert.equal(parsed.value.overrides.runs, 2);
  assert.equal(parsed.value.overrides.budgetUsd, 1.5);
  assert.equal(parsed.value.gridFlags, true);
  assert.equal(parsed.value.dryRun, false);
});

Deno.test("--dry-run alone selects the dry-run backend and keeps the grid flags unset", () => {
  const parsed = parseRunArgs(["--dry-run"]);
  assert.ok(parsed.ok);
  assert.equal(parsed.value.overrides.backend, "dry-run");
  assert.equal(parsed.value.gridFlags, false);
});

Deno.test("bad flags give exit code 2 and name the flag", async () => {
  for (const args of [["--runs", "many"], ["--no-such-flag"], ["--modes", "SSS", "--runs", "0"]]) {
    const { io, err } = capture();
    assert.equal(await main(args, io), 2, args.join(" "));
    assert.ok(err.length > 0);
  }
  const { io, err } = capture();
  await main(["--runs", "0"], io);
  assert.match(err[0], /^--runs 0:/);
});

Deno.test("an unusable dataset names the file and tells how to get the data", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/data/summeval`, { recursive: true });
  await Deno.writeTextFile(`${dir}/data/summeval/summeval.jsonl`, '{"not": "summeval"}\n');
  const config = {
    dataDir: `${dir}/data`,
    backend: "dry-run",
    out: `${dir}/out`,
    modes: ["CCC"],
    gates: ["none"],
    runs: 1,
    steps: 1,
    testLimit: 2,
  };
  await Deno.writeTextFile(`${dir}/experiment.json`, JSON.stringify(config));
  try {
    const { io, err } = capture();
    assert.equal(await main(["--config", `${dir}/experiment.json`], io), 2);
    assert.equal(err.length, 1, "one line");
    const message = err.join("\n");
    assert.match(message, /summeval\.jsonl/);
    assert.match(message, /deno task data/);
    assert.match(message, /COLLIDE_DATA_DIR/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--resume without a store says there is nothing to resume", async () => {
  const { io, err } = capture();
  assert.equal(await main(["--resume", "--out", "/nonexistent/collide"], io), 2);
  assert.match(err[0], /Nothing to resume/);
});

Deno.test("an invalid mode is a flag error (exit 2) that names the mode, before anything runs", async () => {
  const out = await Deno.makeTempDir();
  try {
    const { io, err } = capture();
    const code = await main(["--dry-run", "--modes", "SSS,SCS", "--out", `${out}/x`], io);
    assert.equal(code, 2);
    assert.match(err[0], /mode "SCS" is invalid/);
    assert.throws(() => Deno.statSync(`${out}/x`), Deno.errors.NotFound, "no store was created");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("--resume with a config whose store is missing fails at once (exit 2), before any estimate", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const config = { backend: "openai", out: `${dir}/none`, modes: ["CCC"], runs: 1, steps: 1 };
    await Deno.writeTextFile(`${dir}/experiment.json`, JSON.stringify(config));
    const { io, out, err } = capture();
    assert.equal(await main(["--resume", "--config", `${dir}/experiment.json`], io), 2);
    assert.match(
      err[0],
      /Nothing to resume: .*none\/experiment\.sqlite does not exist\. Pass --out/,
    );
    assert.deepEqual(out, [], "nothing was loaded, estimated or run");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a new run into a folder that holds an experiment fails at once (exit 2), before any estimate", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    ExperimentStore.open(`${dir}/out/experiment.sqlite`).close();
    const config = { backend: "openai", out: `${dir}/out`, modes: ["CCC"], runs: 1, steps: 1 };
    await Deno.writeTextFile(`${dir}/experiment.json`, JSON.stringify(config));
    const { io, out, err } = capture();
    assert.equal(await main(["--config", `${dir}/experiment.json`], io), 2);
    assert.match(err[0], /already holds an experiment: pass --resume/);
    assert.deepEqual(out, [], "nothing was loaded, estimated or run");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unknown --backend is a flag error even with --dry-run", () => {
  const parsed = parseRunArgs(["--dry-run", "--backend", "opneai"]);
  assert.ok(!parsed.ok);
  assert.match(parsed.issues.join("\n"), /--backend: expected dry-run or openai, got opneai/);
});

Deno.test("--reuse-evaluations is opt-in and lands in the manifest of the run", async () => {
  const plain = parseRunArgs(["--dry-run"]);
  assert.ok(plain.ok && plain.value.overrides.reuseEvaluations === undefined);
  const dir = await Deno.makeTempDir();
  try {
    const { io } = capture();
    const code = await main(
      [
        "--dry-run",
        "--modes",
        "CCC",
        "--gates",
        "none",
        "--runs",
        "1",
        "--steps",
        "1",
        "--test-limit",
        "4",
        "--validation-size",
        "4",
        "--reuse-evaluations",
        "--quiet",
        "--out",
        `${dir}/x`,
      ],
      io,
    );
    assert.equal(code, 0);
    const store = ExperimentStore.open(`${dir}/x/experiment.sqlite`);
    assert.equal(store.manifest()?.config.reuseEvaluations, true);
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--resume of a store written by an older kit is refused with one line (exit 2)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { DatabaseSync } = await import("node:sqlite");
    await Deno.mkdir(`${dir}/old`);
    const old = new DatabaseSync(`${dir}/old/experiment.sqlite`);
    old.exec(`CREATE TABLE calls (id INTEGER PRIMARY KEY, key TEXT);
      INSERT INTO calls (key) VALUES ('k'); PRAGMA user_version = 4;`);
    old.close();
    const { io, err } = capture();
    assert.equal(await main(["--resume", "--out", `${dir}/old`], io), 2);
    assert.equal(err.length, 1);
    assert.match(err[0], /older version of the kit \(store format 4, this kit reads 5\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
