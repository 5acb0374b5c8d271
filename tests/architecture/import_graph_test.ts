// The library's import graph: every folder of lib/ is in a layer, every import (type-only ones
// included) points down, the two optimizers are siblings above the shared loop, and no module
// imports itself through others.
import assert from "node:assert/strict";

const LIB = new URL("../../lib/", import.meta.url);

/** Every module of lib/ (relative path) and the lib/ modules it imports or re-exports, types included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: URL, prefix: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory) walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".ts")) {
        const path = `${prefix}${entry.name}`;
        const text = Deno.readTextFileSync(new URL(entry.name, dir));
        // Statements at the start of a line (JSDoc examples start with " * ").
        const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms)]
          .map((m) => new URL(m[1], new URL(path, LIB)).pathname.slice(LIB.pathname.length));
        graph.set(path, specifiers);
      }
    }
  };
  walk(LIB, "");
  return graph;
}

/** A module's folder; `lib/mod.ts` is the entry above every folder, other top files the base. */
const folderOf = (path: string) =>
  path === "mod.ts" ? "entry" : path.includes("/") ? path.slice(0, path.indexOf("/")) : ".";

/**
 * Layers, lowest first; a folder may import its own layer's files and lower layers only, types
 * included. Every folder of lib/ must be listed (a new folder fails the test until it is placed).
 *
 *  0 `.`            file_error, random, schema
 *  1 data, metrics  datasets and splits; metrics and the tokenizer
 *  2 llm            gateway, config, cache, the one re-ask mechanism
 *  3 judge          the judge prompt, parser and predictions
 *  4 loop           what every optimizer shares
 *  5 textgrad, opro the two optimizers, siblings
 *  5½ mitigations   the mitigation switches (stage variants, judge strategies) the experiment configures
 *  6 experiment     config, store (with the diagnostics' row types), runs
 *  7 diagnostics, testing   raters and controls over an experiment; toy experiment, fakes, chaos
 *  8 analysis, bench  tables and findings over the store; endpoint benchmarks (over the fake server)
 *  9 figures        figures over the analyses
 * 10 display, notebook  the progress display (terminal, Jupyter); the notebooks' display helpers
 * 11 reproduce      the whole study as phases
 * 12 cli            the commands
 * 13 entry          lib/mod.ts
 */
const LAYERS: readonly string[][] = [
  ["."],
  ["data", "metrics"],
  ["llm"],
  ["judge"],
  ["loop"],
  ["textgrad", "opro"],
  ["mitigations"],
  ["experiment"],
  ["diagnostics", "testing"],
  ["analysis", "bench"],
  ["figures"],
  ["display", "notebook"],
  ["reproduce"],
  ["cli"],
  ["entry"],
];
const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

const graph = importGraph();

Deno.test("lib/opro and lib/textgrad are siblings: neither imports the other, both import lib/loop", () => {
  const edges = (from: string, to: string) =>
    [...graph].filter(([path]) => folderOf(path) === from)
      .flatMap(([path, targets]) =>
        targets.filter((t) => folderOf(t) === to).map((t) => `${path} → ${t}`)
      );
  assert.deepEqual(edges("opro", "textgrad"), []);
  assert.deepEqual(edges("textgrad", "opro"), []);
  assert.ok(edges("opro", "loop").length > 0 && edges("textgrad", "loop").length > 0);
  for (const upper of ["textgrad", "opro", "experiment", "cli"]) {
    assert.deepEqual(edges("loop", upper), [], `lib/loop must not import lib/${upper}`);
  }
});

Deno.test("every folder of lib/ has a layer", () => {
  const folders = new Set([...graph.keys()].map(folderOf));
  assert.deepEqual([...folders].filter((f) => layerOf(f) < 0), []);
  assert.ok(folders.has("diagnostics") && folders.has("notebook") && folders.has("figures"));
});

Deno.test("every import between folders, type-only ones included, points down the layers", () => {
  const upward: string[] = [];
  for (const [path, targets] of graph) {
    const from = layerOf(folderOf(path));
    for (const target of targets) {
      const to = layerOf(folderOf(target));
      if (folderOf(path) === folderOf(target)) continue;
      if (to < 0 || to >= from) upward.push(`${path} → ${target}`);
    }
  }
  assert.deepEqual(upward, []);
});

Deno.test("the module graph has no cycles, type-only imports included", () => {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (path: string, stack: string[]) => {
    if (state.get(path) === "done") return;
    if (state.get(path) === "open") {
      cycles.push([...stack.slice(stack.indexOf(path)), path].join(" → "));
      return;
    }
    state.set(path, "open");
    for (const target of graph.get(path) ?? []) visit(target, [...stack, path]);
    state.set(path, "done");
  };
  for (const path of graph.keys()) visit(path, []);
  assert.deepEqual(cycles, []);
});

Deno.test("the graph reader sees real imports, type-only and multi-line ones included", () => {
  assert.ok(graph.get("textgrad/pipeline.ts")!.includes("textgrad/stage.ts"));
  assert.ok(graph.get("opro/opro_optimizer.ts")!.includes("loop/prompt_optimizer.ts"));
  assert.ok(graph.get("loop/mod.ts")!.includes("loop/gate.ts"));
  assert.ok(
    !graph.get("loop/policy.ts")!.includes("data/summeval.ts"),
    "JSDoc examples are not imports",
  );
});
