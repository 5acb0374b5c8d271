/**
 * Metrics: correlation, error and accuracy measures, hypervolume, bootstrap.
 *
 * @module
 */
export * from "./types.ts";
