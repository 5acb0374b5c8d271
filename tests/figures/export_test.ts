import assert from "node:assert/strict";
import { trajectories } from "../../lib/analysis/trajectories.ts";
import {
  ChromiumNotFoundError,
  exportFigure,
  findChromium,
  lengthShareFigure,
  lengthTrajectoryFigure,
  paperReferenceFigures,
  specificityByModeFigure,
  trajectoriesFigure,
} from "../../lib/figures/mod.ts";
import { metricRows, runRow } from "../analysis/_rows.ts";

const point = (step: number, tokens: number) => ({
  step,
  tokens,
  minTokens: tokens,
  maxTokens: tokens,
  chars: 4 * tokens,
  words: tokens,
  share: 0.5,
});
const lengths = [{
  config: "textgrad/SSS/mae",
  mode: "SSS",
  gate: "mae",
  tokenizers: ["qwen3"],
  criteria: ["fluency", "relevance"],
  perCriterion: { fluency: [point(0, 6), point(1, 80)], relevance: [point(0, 6), point(1, 6)] },
}];

const CI = Deno.env.get("CI") === "true";
let chromium: string | null = null;
try {
  chromium = findChromium();
} catch {
  chromium = null;
}

Deno.test("export: without Chromium the error says how to install it", () => {
  const saved = { path: Deno.env.get("PATH"), explicit: Deno.env.get("COLLIDE_CHROMIUM") };
  Deno.env.set("PATH", "/nonexistent");
  Deno.env.delete("COLLIDE_CHROMIUM");
  try {
    assert.throws(() => findChromium(), (e) => {
      assert.ok(e instanceof ChromiumNotFoundError);
      assert.match(e.message, /apt-get install chromium/);
      return true;
    });
  } finally {
    Deno.env.set("PATH", saved.path ?? "");
    if (saved.explicit) Deno.env.set("COLLIDE_CHROMIUM", saved.explicit);
  }
});

Deno.test("export: Chromium is installed in CI", { ignore: !CI }, () => {
  assert.ok(chromium, "CI must install chromium (see .ci/run)");
});

Deno.test({
  name: "export: every figure family to SVG, PNG and self-contained HTML, dry-run mark inside",
  ignore: chromium === null && !CI,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const paper = paperReferenceFigures();
      const synthetic = specificityByModeFigure({
        kind: "specificity",
        excluded: 0,
        drops: [],
        groups: [{
          mode: "SSS",
          gate: "all",
          criterion: "all",
          mean: 9,
          std: 0,
          n: 1,
          low: 9,
          high: 9,
          excluded: 0,
        }],
      }, { dryRun: true });
      const runs = trajectories([
        { run: runRow("SSS", "mae", 1), metrics: metricRows([{ a: 0.2 }, { a: 0.4 }]) },
        { run: runRow("CCC", "mae", 1), metrics: metricRows([{ a: 0.3 }, { a: 0.1 }]) },
      ]);
      const families = {
        ...paper,
        synthetic,
        trajectories: trajectoriesFigure(runs, { dryRun: true }),
        lengths: lengthTrajectoryFigure(lengths, { dryRun: true }),
        shares: lengthShareFigure(lengths, { dryRun: true }),
      };
      const written = await exportFigure(families, { dir });
      assert.equal(written.length, 3 * Object.keys(families).length);
      for (const name of Object.keys(families)) {
        const svg = await Deno.readTextFile(`${dir}/${name}.svg`);
        assert.match(svg, /^<svg/);
        const png = await Deno.readFile(`${dir}/${name}.png`);
        assert.deepEqual([...png.slice(1, 4)], [0x50, 0x4e, 0x47], "PNG signature");
        assert.ok(png.length > 5000);
        const html = await Deno.readTextFile(`${dir}/${name}.html`);
        assert.doesNotMatch(html, /<script src=/, "self-contained");
        assert.match(html, /Plotly\.newPlot/);
      }
      assert.match(await Deno.readTextFile(`${dir}/synthetic.svg`), /DRY RUN — synthetic/);
      assert.doesNotMatch(await Deno.readTextFile(`${dir}/paper_adherence.svg`), /DRY RUN/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
