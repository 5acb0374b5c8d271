/**
 * The paper's findings as analyses over an experiment store: trajectories and the main table,
 * the noise floor, gradient specificity and feedback adherence, the oracle combination (Table 2),
 * instruction-length asymmetry, and the paper's published values beside each.
 *
 * Every analysis is a pure function over plain rows; {@linkcode findingsOf} reads them from a store.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mainTable, paperMainRow, trajectories } from "./mod.ts";
 * assert.deepEqual(mainTable(trajectories([])), []);
 * assert.equal(paperMainRow("Single", "mae")?.best?.value, 0.305);
 * ```
 *
 * @module
 */
export type { BandPoint, RunMetrics, Summary } from "./types.ts";
export { type ConfigTrajectory, trajectories, type TrajectoryOptions } from "./trajectories.ts";
export { mainTable, type MainTableRow } from "./main_table.ts";
export {
  type NoiseBand,
  noiseBand,
  type NoiseBandOptions,
  type NoiseSpread,
} from "./noise_band.ts";
export {
  COMBINED_MODES,
  PER_TASK_MODES,
  type RatingDrop,
  type RatingGroup,
  type RatingReport,
  type RatingSummaryOptions,
  summarizeRatings,
} from "./rating_summary.ts";
export {
  type OracleDifference,
  type OracleTable,
  oracleTable,
  type OracleTableInputs,
  type OracleTableOptions,
  type OracleTableRow,
} from "./oracle_table.ts";
export {
  type ConfigLengths,
  lengthAsymmetry,
  type LengthPoint,
  type LengthShareRelation,
  lengthShareRelation,
  type LengthShareRow,
} from "./length_asymmetry.ts";
export {
  PAPER_ADHERENCE,
  PAPER_LENGTHS,
  PAPER_MAIN_TABLE,
  PAPER_NEVER_IMPROVE,
  PAPER_NOISE_FLOOR,
  PAPER_ORACLE_TABLE,
  PAPER_SPECIFICITY,
  PAPER_TRAJECTORY_LANDMARKS,
  type PaperMainRow,
  paperMainRow,
  type PaperOracleRow,
  type PaperSource,
  type PaperValue,
} from "./paper_reference.ts";
export {
  adherenceComparison,
  type ComparisonTable,
  lengthComparison,
  mainTableComparison,
  noiseComparison,
  oracleComparison,
  specificityComparison,
} from "./paper_comparison.ts";
export {
  type Findings,
  findingsOf,
  type FindingsOptions,
  type FindingsSource,
} from "./findings.ts";
export { openFindings, type OpenFindingsOptions, type StoredFindings } from "./open_findings.ts";
export { buildDryRunFindings, type DryRunFindingsOptions } from "./dry_run_findings.ts";
export { combinedLengthRelation } from "./combined_length_relation.ts";
export { lengthRelationTable, oraclePicksTable, ratingDropsTable } from "./tables.ts";
export {
  type MitigationRow,
  type MitigationTable,
  mitigationTable,
  type MitigationTableOptions,
} from "./mitigation_table.ts";
export { mitigationComparison } from "./mitigation_comparison.ts";
export { buildDryRunMitigationStudy, type DryRunStudyOptions } from "./dry_run_study.ts";
