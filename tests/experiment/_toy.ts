/** Test helper: a small synthetic SummEval-shaped dataset, so run-loop tests need no data files. */
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import type { Example } from "../../lib/data/types.ts";
import type { ExperimentData } from "../../lib/experiment/dataset.ts";
import { type ExperimentConfig, parseExperimentConfig } from "../../lib/experiment/config.ts";
import { seededRandom } from "../../lib/random.ts";

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

/** 30 train, 6 validation, 8 test rows with random labels on SummEval's criteria. */
export function toyData(): ExperimentData {
  return {
    spec: SUMMEVAL_SPEC,
    splits: { train: examples("tr", 30), validation: examples("va", 6), test: examples("te", 8) },
    fileChecksum: "toy",
    splitChecksum: "toy",
  };
}

/** A small dry-run grid writing to `out`. */
export function toyConfig(
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
