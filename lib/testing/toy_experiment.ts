/**
 * A toy experiment for examples and tests: a small synthetic SummEval-shaped dataset and a dry-run
 * configuration, so an experiment runs in memory in a second without any data file.
 *
 * @module
 */
import { SUMMEVAL_SPEC } from "../data/summeval.ts";
import type { Example } from "../data/types.ts";
import { type ExperimentConfig, parseExperimentConfig } from "../experiment/config.ts";
import type { ExperimentData } from "../experiment/dataset.ts";
import { seededRandom } from "../random.ts";

function examples(prefix: string, count: number): Example[] {
  const random = seededRandom(prefix);
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    itemId: `${prefix}${i}`,
    group: `doc${i % 5}`,
    inputs: { source: `Source text number ${i} about ${prefix}.`, summary: `Summary ${i}.` },
    labels: Object.fromEntries(
      SUMMEVAL_SPEC.criteria.map((c) => [c.name, 1 + Math.floor(random.next() * 5)]),
    ),
  }));
}

/**
 * 30 train, 6 validation and 8 test rows with random labels on SummEval's criteria (synthetic).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toyExperimentData } from "./toy_experiment.ts";
 * assert.ok(toyExperimentData().splits.train.length === 30);
 * ```
 */
export function toyExperimentData(): ExperimentData {
  return {
    spec: SUMMEVAL_SPEC,
    splits: { train: examples("tr", 30), validation: examples("va", 6), test: examples("te", 8) },
    fileChecksum: "toy",
    splitChecksum: "toy",
  };
}

/**
 * A small dry-run grid (SSS and CCC, gates mae and none, 1 run, 2 steps) writing to `out`, with
 * `overrides` applied.
 *
 * @throws {Error} When the overrides make an invalid configuration.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toyExperimentConfig } from "./toy_experiment.ts";
 * const config = toyExperimentConfig("runs/toy", { steps: 1 });
 * assert.ok(config.backend === "dry-run" && config.steps === 1);
 * ```
 */
export function toyExperimentConfig(
  out: string,
  overrides: Partial<ExperimentConfig> = {},
): ExperimentConfig {
  const parsed = parseExperimentConfig({
    modes: ["SSS", "CCC"],
    gates: ["mae", "none"],
    runs: 1,
    steps: 2,
    validationSize: 6,
    backend: "dry-run",
    concurrency: 2,
    out,
    llm: {
      cache: { mode: "live" },
      defaults: { price: { inputPerMillion: 1, outputPerMillion: 2 } },
    },
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
  return parsed.value;
}
