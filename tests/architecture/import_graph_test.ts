// The library's import graph: folders are layers, every import points down, the two optimizers
// are siblings above the shared loop, and no module imports itself through others.
import assert from "node:assert/strict";

const LIB = new URL("../../lib/", import.meta.url);

/**
 * Every module of lib/ (relative path) and the lib/ modules it imports or re-exports; with
 * `runtimeOnly`, type-only statements (erased when the code runs) are left out.
 */
function importGraph(runtimeOnly = false): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: URL, prefix: string) => {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isDirectory) walk(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".ts")) {
        const path = `${prefix}${entry.name}`;
        const text = Deno.readTextFileSync(new URL(entry.name, dir));
        // Statements at the start of a line (JSDoc examples start with " * ").
        const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms)]
          .filter((m) => !runtimeOnly || !/^(?:import|export) type\b/.test(m[0]))
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

/** Layers, lowest first; a folder may import its own layer's files and lower layers only. */
const LAYERS: readonly string[][] = [
  ["."],
  ["data", "metrics"],
  ["llm"],
  ["judge"],
  ["loop"],
  ["textgrad", "opro"],
  ["experiment"],
  ["testing", "cli"],
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

Deno.test("every import between the known folders points down the layers", () => {
  const upward: string[] = [];
  for (const [path, targets] of graph) {
    const from = layerOf(folderOf(path));
    for (const target of targets) {
      const to = layerOf(folderOf(target));
      if (from < 0 || to < 0 || folderOf(path) === folderOf(target)) continue;
      if (to >= from) upward.push(`${path} → ${target}`);
    }
  }
  assert.deepEqual(upward, []);
});

Deno.test("the import graph has no cycles at run time (type-only imports are erased)", () => {
  const graph = importGraph(true);
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
