/**
 * `deno task data`: obtain the kit's dataset files. Each dataset is downloaded from its pinned
 * public sources (or found in a local `--from` file or folder, as kit files or raw sources), every
 * input and output is checked against its SHA-256, and files are only written once complete.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { assertSha256, sha256Hex } from "./checksum.ts";
import { DataError } from "./data_error.ts";
import { projectDataDir } from "./locate.ts";
import { DATASET_RECIPES, type DatasetRecipe, GITHUB_RAW_BASE, rawUrl } from "./sources.ts";

/** Options of {@linkcode fetchData}. */
export interface FetchDataOptions {
  /** Datasets to obtain; default all of `DATASET_RECIPES`. */
  recipes?: readonly DatasetRecipe[];
  /** Folder to write to; default the project's `data/`. */
  outDir?: string;
  /** Base URL of the raw file host; default `https://raw.githubusercontent.com`. */
  baseUrl?: string;
  /** Local file or folder holding kit files or raw sources (found by checksum, not by name). */
  from?: string;
  /** Rewrite files even when they are already present and verified. */
  force?: boolean;
  /** Receives one progress line at a time; default `console.log`. */
  log?: (line: string) => void;
}

/** What {@linkcode fetchData} did for one dataset. */
export interface FetchDataResult {
  /** Dataset name. */
  dataset: string;
  /** `up-to-date`, `downloaded`, `copied` (kit files from `from`) or `converted` (raw files from `from`). */
  action: "up-to-date" | "downloaded" | "copied" | "converted";
  /** Files written or verified, absolute. */
  files: string[];
}

/**
 * Obtains every recipe's files into `outDir`, verifying checksums on the way in and out.
 *
 * @throws {DataError} On an HTTP failure, a checksum mismatch (naming the file or URL and both
 * hashes), a conversion error, or a dataset missing from `from`. Files of a failed dataset are
 * not written.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fetchData } from "./fetch_data.ts";
 * const shared = Deno.env.get("COLLIDE_DATA_DIR");
 * if (shared) {
 *   const outDir = await Deno.makeTempDir();
 *   const results = await fetchData({ from: shared, outDir, log: () => {} });
 *   assert(results.every((r) => r.action === "copied"));
 * }
 * ```
 */
export async function fetchData(options: FetchDataOptions = {}): Promise<FetchDataResult[]> {
  const recipes = options.recipes ?? DATASET_RECIPES;
  const outDir = options.outDir ?? projectDataDir();
  const log = options.log ?? console.log;
  const local = options.from === undefined ? undefined : await indexByHash(options.from, log);
  const results: FetchDataResult[] = [];
  for (const recipe of recipes) {
    const targets = recipe.outputs.map((output) => ({
      ...output,
      path: join(outDir, output.file),
    }));
    if (!options.force && await allVerified(targets)) {
      log(`${recipe.name}: up to date in ${outDir}`);
      results.push({
        dataset: recipe.name,
        action: "up-to-date",
        files: targets.map((t) => t.path),
      });
      continue;
    }
    let texts: Record<string, Uint8Array>;
    let action: FetchDataResult["action"];
    if (local !== undefined) {
      const kit = targets.map((t) => local.get(t.sha256));
      const raw = recipe.sources.map((s) => local.get(s.sha256));
      if (kit.every((path) => path !== undefined)) {
        action = "copied";
        texts = Object.fromEntries(
          await Promise.all(targets.map(async (t, i) => {
            log(`${recipe.name}: copying ${kit[i]} (sha256 verified)`);
            return [t.file, await Deno.readFile(kit[i]!)] as const;
          })),
        );
      } else if (raw.every((path) => path !== undefined)) {
        action = "converted";
        const sources = Object.fromEntries(
          await Promise.all(recipe.sources.map(async (s, i) => {
            log(`${recipe.name}: using raw source ${raw[i]} (sha256 verified)`);
            return [s.key, await Deno.readFile(raw[i]!)] as const;
          })),
        );
        texts = convertAndVerify(recipe, sources, log);
      } else {
        const names = [...recipe.outputs.map((o) => o.file), ...recipe.sources.map((s) => s.path)];
        throw new DataError(
          `${recipe.name} not found: it needs the kit files or all raw sources (${
            names.join(", ")
          }) ` +
            "with their published sha256; pass --only to skip this dataset",
          { file: options.from! },
        );
      }
    } else {
      action = "downloaded";
      const sources: Record<string, Uint8Array> = {};
      for (const source of recipe.sources) {
        sources[source.key] = await download(
          rawUrl(source, options.baseUrl ?? GITHUB_RAW_BASE),
          source.sha256,
          log,
        );
      }
      texts = convertAndVerify(recipe, sources, log);
    }
    for (const target of targets) {
      await assertSha256(texts[target.file], target.sha256, target.file);
    }
    for (const target of targets) await writeAtomically(target.path, texts[target.file]);
    log(`${recipe.name}: wrote ${targets.map((t) => t.path).join(", ")}`);
    results.push({ dataset: recipe.name, action, files: targets.map((t) => t.path) });
  }
  return results;
}

async function download(url: string, sha256: string, log: (line: string) => void) {
  log(`downloading ${url}`);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new DataError(
      `download failed (${(cause as Error).message}); check the connection, or pass --from ` +
        "with a local copy of the files",
      { file: url, cause },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DataError(`download failed: HTTP ${response.status}`, { file: url });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  await assertSha256(bytes, sha256, url);
  log(`  ${bytes.length.toLocaleString("en-US")} bytes, sha256 verified`);
  return bytes;
}

function convertAndVerify(
  recipe: DatasetRecipe,
  sources: Record<string, Uint8Array>,
  log: (line: string) => void,
): Record<string, Uint8Array> {
  log(`${recipe.name}: converting`);
  const texts = recipe.convert(sources);
  const encoder = new TextEncoder();
  return Object.fromEntries(
    Object.entries(texts).map(([file, text]) => [file, encoder.encode(text)]),
  );
}

async function allVerified(targets: { path: string; sha256: string }[]): Promise<boolean> {
  for (const target of targets) {
    try {
      if (await sha256Hex(await Deno.readFile(target.path)) !== target.sha256) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  await Deno.writeFile(partial, bytes);
  await Deno.rename(partial, path);
}

/** Files under `root` (or `root` itself) by SHA-256; skips files over 64 MB and deep folders. */
async function indexByHash(
  root: string,
  log: (line: string) => void,
): Promise<Map<string, string>> {
  const index = new Map<string, string>();
  const visit = async (path: string, depth: number) => {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (cause) {
      throw new DataError(`cannot read --from path (${(cause as Error).message})`, {
        file: path,
        cause,
      });
    }
    if (info.isFile && info.size <= 64 * 2 ** 20) {
      index.set(await sha256Hex(await Deno.readFile(path)), path);
    } else if (info.isDirectory && depth < 4) {
      for await (const entry of Deno.readDir(path)) await visit(join(path, entry.name), depth + 1);
    }
  };
  log(`scanning ${root} for known files (by sha256)`);
  await visit(root, 0);
  return index;
}
