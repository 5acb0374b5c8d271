import assert from "node:assert/strict";

const NOTEBOOKS = new URL("../../notebooks/", import.meta.url).pathname;
const CI = Deno.env.get("CI") === "true";

function hasJupyter(): boolean {
  try {
    const status = new Deno.Command("jupyter", {
      args: ["nbconvert", "--version"],
      stdout: "null",
      stderr: "null",
    })
      .outputSync();
    return status.success;
  } catch {
    return false;
  }
}

const notebooks = [...Deno.readDirSync(NOTEBOOKS)]
  .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
  .map((entry) => entry.name)
  .sort();
const jupyter = hasJupyter();

Deno.test("notebooks: jupyter with nbconvert is available in CI", { ignore: !CI }, () => {
  assert.ok(jupyter, "CI must install jupyter-nbconvert and the deno kernel (see .ci/run)");
});

for (const name of notebooks) {
  Deno.test({
    name: `notebooks: ${name} executes without errors`,
    ignore: !jupyter && !CI,
    async fn() {
      const dir = await Deno.makeTempDir();
      try {
        const output = await new Deno.Command("jupyter", {
          args: [
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            `${NOTEBOOKS}${name}`,
            "--output-dir",
            dir,
            "--output",
            name,
          ],
          stdout: "piped",
          stderr: "piped",
        }).output();
        const stderr = new TextDecoder().decode(output.stderr);
        assert.ok(output.success, `nbconvert failed on ${name}:\n${stderr.slice(-3000)}`);
        const executed = JSON.parse(await Deno.readTextFile(`${dir}/${name}`));
        const errors = executed.cells.flatMap((cell: { outputs?: { output_type: string }[] }) =>
          (cell.outputs ?? []).filter((o) => o.output_type === "error")
        );
        assert.equal(errors.length, 0, JSON.stringify(errors).slice(0, 2000));
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
