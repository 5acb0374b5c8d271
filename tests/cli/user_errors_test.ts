import assert from "node:assert/strict";
import { assertSha256 } from "../../lib/data/checksum.ts";
import { DataError } from "../../lib/data/data_error.ts";
import { ignoreWithoutData, runCli } from "./_cli.ts";

const TINY = [
  "--dry-run",
  "--modes",
  "CCC",
  "--gates",
  "none",
  "--runs",
  "1",
  "--steps",
  "0",
  "--test-limit",
  "2",
  "--validation-size",
  "2",
  "--quiet",
];

/** An expected user error: exit 2, no stack trace, and every line names `what`. */
function assertUserError(result: { code: number; stderr: string }, what: RegExp) {
  assert.equal(result.code, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
  assert.match(result.stderr, what);
}

Deno.test("cli: a negative number is a flag error naming the flag, not node's 'ambiguous'", async () => {
  const result = await runCli(["--dry-run", "--steps", "-2"]);
  assertUserError(result, /steps/);
  assert.doesNotMatch(result.stderr, /ambiguous/);
});

Deno.test("cli: a corrupt experiment.sqlite on --resume is one line naming the file", async () => {
  const out = await Deno.makeTempDir();
  await Deno.writeTextFile(`${out}/experiment.sqlite`, "this is not a database ".repeat(400));
  const result = await runCli(["--resume", "--out", out]);
  assertUserError(result, /experiment\.sqlite: the experiment store is corrupt/);
  assert.equal(result.stderr.trim().split("\n").length, 1);
  await Deno.remove(out, { recursive: true });
});

Deno.test({
  name: "cli: a corrupt cache.sqlite is one line naming the file and what to do",
  ignore: ignoreWithoutData,
  async fn() {
    const out = await Deno.makeTempDir();
    const first = await runCli([...TINY, "--out", out]);
    assert.equal(first.code, 0, first.stderr);
    for (const suffix of ["", "-wal", "-shm"]) {
      await Deno.remove(`${out}/cache.sqlite${suffix}`).catch(() => {});
    }
    await Deno.writeTextFile(`${out}/cache.sqlite`, "garbage ".repeat(1000));
    const result = await runCli(["--resume", "--out", out]);
    assertUserError(result, /cache\.sqlite: the call cache is corrupt .*move it aside/);
    await Deno.remove(out, { recursive: true });
  },
});

Deno.test("a checksum mismatch suggests only an option that exists", async () => {
  const error = await assertSha256(new Uint8Array([1]), "00", "data/x.jsonl").catch((e) => e);
  assert.ok(error instanceof DataError);
  assert.doesNotMatch(error.message, /skip the check/);
  const flags = [...error.message.matchAll(/--[a-z-]+/g)].map((m) => m[0]);
  const help = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../lib/data/cli.ts", import.meta.url).pathname, "--help"],
  }).output();
  const usage = new TextDecoder().decode(help.stdout);
  for (const flag of flags) assert.ok(usage.includes(flag), `${flag} is a flag of deno task data`);
  assert.ok(flags.length > 0, "the message says which command fixes it");
});
