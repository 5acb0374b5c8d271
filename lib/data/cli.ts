/**
 * Command line of `deno task data` (`deno run -A lib/data/cli.ts`): downloads SummEval and BRIGHTER
 * from their pinned public sources, converts them to the kit's JSONL and verifies every checksum.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fetchData } from "./fetch_data.ts";
import { DATASET_RECIPES } from "./sources.ts";

const USAGE = `Usage: deno task data [options]

Downloads the datasets from their pinned public sources (see PROVENANCE), converts them to
data/summeval/summeval.jsonl and data/brighter/eng_{train,dev,test}.jsonl, and verifies sha256
checksums of every source and output. Present, verified files are left alone.

Options:
  --from <path>      use a local file or folder instead of downloading: kit files (e.g. a folder
                     laid out like data/) or the raw source files; found by checksum
  --out <dir>        write here instead of the project's data/ folder
  --only <name>      only this dataset (summeval or brighter); repeatable
  --base-url <url>   raw file host (default https://raw.githubusercontent.com)
  --force            rewrite files even if they are already present and verified
  -h, --help         show this help`;

/**
 * Runs the command with `args`; returns the process exit code (0 on success, 1 on a data error,
 * 2 on a usage error). Errors are printed, not thrown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./cli.ts";
 * assert(await main(["--help"]) === 0);
 * ```
 */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        from: { type: "string" },
        out: { type: "string" },
        only: { type: "string", multiple: true },
        "base-url": { type: "string" },
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const known = DATASET_RECIPES.map((r) => r.name);
  const unknown = (values.only ?? []).filter((name) => !known.includes(name));
  if (unknown.length) {
    console.error(`unknown dataset ${unknown.join(", ")}; choose from ${known.join(", ")}`);
    return 2;
  }
  const recipes = values.only
    ? DATASET_RECIPES.filter((r) => values.only!.includes(r.name))
    : DATASET_RECIPES;
  try {
    const results = await fetchData({
      recipes,
      from: values.from,
      outDir: values.out,
      baseUrl: values["base-url"],
      force: values.force,
    });
    console.log(`done: ${results.map((r) => `${r.dataset} ${r.action}`).join(", ")}`);
    return 0;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
