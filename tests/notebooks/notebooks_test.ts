import assert from "node:assert/strict";
import { buildDryRunFindings } from "../../lib/analysis/dry_run_findings.ts";
import { buildDryRunMitigationStudy } from "../../lib/analysis/dry_run_study.ts";

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

/** Top-level statements that put something in a cell's output. */
const DISPLAYS = /^(await )?(show\w*|html|Deno\.jupyter\.display)\(/m;

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string }[];
}

const source = (cell: NotebookCell) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

const notebooks = [...Deno.readDirSync(NOTEBOOKS)]
  .filter((entry) => entry.isFile && entry.name.endsWith(".ipynb"))
  .map((entry) => entry.name)
  .sort();
const jupyter = hasJupyter();

Deno.test("notebooks: jupyter with nbconvert is available in CI", { ignore: !CI }, () => {
  assert.ok(jupyter, "CI must install jupyter-nbconvert and the deno kernel (see .ci/run)");
});

/** Executes a notebook with nbconvert into `dir` and returns the executed notebook. */
async function execute(
  name: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<{ cells: NotebookCell[] }> {
  const output = await new Deno.Command("jupyter", {
    env,
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
  return JSON.parse(await Deno.readTextFile(`${dir}/${name}`));
}

/** Code cells that display something at top level but whose output is empty. */
function silentCells(executed: { cells: NotebookCell[] }): string[] {
  return executed.cells
    .filter((cell) =>
      cell.cell_type === "code" && DISPLAYS.test(source(cell)) && (cell.outputs ?? []).length === 0
    )
    .map(source);
}

/** Calls that make LLM requests: every output from the first such cell on may show their results. */
const LLM_CALLS =
  /\b(judgeExamples|evaluatePrompt|runStage|runPipeline|runLossStage|runGradientStage|runOptimizerStage|runGate|runExperiment|openFindings|buildDryRunFindings|buildDryRunMitigationStudy|mitigationTable)\(/;

/** Notebooks 02–05 read an experiment store (`COLLIDE_STORE`): one dry-run store serves them all. */
const READS_STORE = /^0[2-5]_/;
/** Notebook 06 reads a mitigation study (`COLLIDE_STUDY`), built once in dry run. */
const READS_STUDY = /^06_/;
let studyDir: Promise<string> | undefined;
function dryRunStudy(): Promise<string> {
  studyDir ??= Deno.makeTempDir({ prefix: "collide-study-" }).then((dir) => {
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    return buildDryRunMitigationStudy(`${dir}/dry-run-study`);
  });
  return studyDir;
}
let findingsStore: Promise<string> | undefined;
function dryRunFindingsStore(): Promise<string> {
  findingsStore ??= Deno.makeTempDir({ prefix: "collide-findings-" }).then((dir) => {
    globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
    return buildDryRunFindings(`${dir}/dry-run-findings`);
  });
  return findingsStore;
}

/** Sources of displaying cells, from the first LLM-calling cell on, whose output never says DRY RUN. */
function unlabelledCells(executed: { cells: NotebookCell[] }): string[] {
  const code = executed.cells.filter((cell) => cell.cell_type === "code");
  const first = code.findIndex((cell) => LLM_CALLS.test(source(cell)));
  if (first < 0) return [];
  return code.slice(first)
    .filter((cell) => (cell.outputs ?? []).length > 0)
    .filter((cell) => !/DRY RUN/.test(JSON.stringify(cell.outputs)))
    .map(source);
}

for (const name of notebooks) {
  Deno.test({
    name: `notebooks: ${name} executes without errors`,
    ignore: !jupyter && !CI,
    async fn() {
      const dir = await Deno.makeTempDir();
      const env: Record<string, string> = READS_STORE.test(name)
        ? { COLLIDE_STORE: await dryRunFindingsStore() }
        : READS_STUDY.test(name)
        ? { COLLIDE_STUDY: await dryRunStudy() }
        : {};
      try {
        let executed = await execute(name, dir, env);
        const errors = executed.cells.flatMap((cell) =>
          (cell.outputs ?? []).filter((o) => o.output_type === "error")
        );
        assert.equal(errors.length, 0, JSON.stringify(errors).slice(0, 2000));
        // A cell that displays something must have shown it. The deno kernel can deliver an
        // asynchronous display after the cell has gone idle (it then lands nowhere), so one
        // more execution is allowed before a lost display fails the test.
        if (silentCells(executed).length > 0) executed = await execute(name, dir, env);
        assert.deepEqual(silentCells(executed), [], "cells whose display was lost");
        // Offline, every notebook must say that its outputs are synthetic.
        if (!Deno.env.get("COLLIDE_LLM_CONFIG")) {
          assert.match(JSON.stringify(executed.cells.map((c) => c.outputs ?? [])), /DRY RUN/);
          // ... and not only once: every output that can show an LLM result carries the label.
          assert.deepEqual(
            unlabelledCells(executed),
            [],
            "outputs of the dry-run backend unlabelled",
          );
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

Deno.test({
  name: "notebooks: 01 in Single mode judges and optimizes one criterion only",
  ignore: !jupyter && !CI,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const name = "01_one_iteration.ipynb";
      const env = { COLLIDE_NOTEBOOK_MODE: "Single" };
      let executed = await execute(name, dir, env);
      // The deno kernel may lose one asynchronous display (see above): execute once more.
      if (silentCells(executed).length > 0) executed = await execute(name, dir, env);
      const outputs = JSON.stringify(executed.cells.map((c) => c.outputs ?? []));
      assert.doesNotMatch(outputs, /"output_type": ?"error"/);
      assert.match(outputs, /\| sample \| fluency \| parse issue \|/);
      assert.doesNotMatch(outputs, /\| coherence \|/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "notebooks: 01 shows a stage added from outside the library, from the pipeline list",
  ignore: !jupyter && !CI,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const name = "01_one_iteration.ipynb";
      const toy = new URL("../fixtures/stages/toy_rater.ts", import.meta.url).href;
      const env = { COLLIDE_NOTEBOOK_PIPELINE: toy, COLLIDE_NOTEBOOK_MODE: "CCC" };
      let executed = await execute(name, dir, env);
      if (silentCells(executed).length > 0) executed = await execute(name, dir, env);
      const outputs = executed.cells.flatMap((c) => c.outputs ?? []) as {
        output_type: string;
        data?: Record<string, string | string[]>;
      }[];
      assert.ok(outputs.every((o) => o.output_type !== "error"));
      const text = outputs.flatMap((o) => Object.values(o.data ?? {}))
        .map((v) => Array.isArray(v) ? v.join("") : v).join("\n");
      // In the stage table, between the gradient and the merge ...
      assert.match(text, /\| 3 \| gradient \| C \|[^\n]*\n\| 4 \| rater \| toy \| added stage \|/);
      // ... and run, with its prompt and answer, labelled as synthetic.
      assert.match(text, /DRY RUN \(synthetic outputs\) · rater \(toy\): added stage \(1 calls\)/);
      assert.match(text, /Rate how specific this advice is/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
