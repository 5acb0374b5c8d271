/**
 * Datasets: specs, loaders, splits.
 *
 * Zod schemas stay inside their files (typed `z.ZodType<T>` against the public interfaces); the
 * public API exports interfaces and functions that return validation failures as data.
 *
 * @module
 */
export type { Criterion, DatasetSpec, Example } from "./types.ts";
