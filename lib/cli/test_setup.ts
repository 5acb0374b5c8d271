/**
 * First step of `deno task test`: makes sure the notebook tests can run. Installs the deno
 * Jupyter kernel (`deno jupyter --install`) when Jupyter is there without it (otherwise
 * nbconvert fails with `No such kernel named deno`), and says clearly what to install when Jupyter
 * or Chromium is missing (those tests are then skipped, or fail in CI).
 *
 * @module
 */

/** What the machine has for the notebook and figure tests. */
export interface TestEnvironment {
  /** `jupyter nbconvert` runs. */
  jupyter: boolean;
  /** Jupyter's data folders (where kernels are looked up). */
  dataPaths: string[];
  /** A `deno` kernel spec exists in one of them. */
  denoKernel: boolean;
}

function run(cmd: string, args: string[]): { ok: boolean; stdout: string } {
  try {
    const out = new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).outputSync();
    return { ok: out.success, stdout: new TextDecoder().decode(out.stdout) };
  } catch {
    return { ok: false, stdout: "" };
  }
}

/**
 * Looks at Jupyter, its data folders and the deno kernel spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inspectTestEnvironment } from "./test_setup.ts";
 * const env = inspectTestEnvironment();
 * assert.ok(!env.denoKernel || env.jupyter);
 * ```
 */
export function inspectTestEnvironment(): TestEnvironment {
  const jupyter = run("jupyter", ["nbconvert", "--version"]).ok;
  if (!jupyter) return { jupyter, dataPaths: [], denoKernel: false };
  let dataPaths: string[] = [];
  try {
    dataPaths = JSON.parse(run("jupyter", ["--paths", "--json"]).stdout).data ?? [];
  } catch {
    dataPaths = [];
  }
  const denoKernel = dataPaths.some((dir) => {
    try {
      return Deno.statSync(`${dir}/kernels/deno/kernel.json`).isFile;
    } catch {
      return false;
    }
  });
  return { jupyter, dataPaths, denoKernel };
}

/**
 * Installs the deno kernel when needed; returns the lines it printed. Never fails the test run:
 * a missing Jupyter is reported, and the notebook tests report it again (and fail in CI).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareTestEnvironment } from "./test_setup.ts";
 * const lines = prepareTestEnvironment({ install: () => true });
 * assert.ok(Array.isArray(lines));
 * ```
 */
export function prepareTestEnvironment(
  options: { install?: () => boolean; hasChromium?: () => boolean } = {},
): string[] {
  const lines: string[] = [];
  const env = inspectTestEnvironment();
  if (!env.jupyter) {
    lines.push(
      "test setup: Jupyter (with nbconvert) is not installed, so the notebook tests are skipped " +
        "(and fail in CI). Install it: apt-get install jupyter-notebook jupyter-nbconvert " +
        "python3-nbclient (or pip install notebook nbconvert); this command then adds the deno kernel.",
    );
  } else if (!env.denoKernel) {
    const install = options.install ??
      (() => run(Deno.execPath(), ["jupyter", "--install"]).ok);
    lines.push(
      install()
        ? "test setup: installed the deno Jupyter kernel (deno jupyter --install)."
        : "test setup: `deno jupyter --install` failed; the notebook tests will fail with " +
          "`No such kernel named deno`. Run it by hand to see why.",
    );
  }
  const hasChromium = options.hasChromium ??
    (() =>
      ["chromium", "chromium-browser", "google-chrome"].some((c) => run(c, ["--version"]).ok) ||
      Deno.env.get("COLLIDE_CHROMIUM") !== undefined);
  if (!hasChromium()) {
    lines.push(
      "test setup: no Chromium found, so SVG/PNG figure tests are skipped: apt-get install chromium " +
        "(or set COLLIDE_CHROMIUM).",
    );
  }
  return lines;
}

if (import.meta.main) prepareTestEnvironment().forEach((line) => console.error(line));
