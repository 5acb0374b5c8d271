/**
 * Shared shapes of the metrics module.
 *
 * @module
 */

/** A prediction that may be missing (parse failure, absent key): never silently a number. */
export type MaybeNumber = number | null | undefined;

/** The value of a metric together with how many pairs it used. */
export interface MetricResult {
  /** The metric's value; `NaN` when undefined (too few pairs, constant input by default). */
  value: number;
  /** Pairs used. */
  n: number;
  /** Pairs dropped because the prediction or the label was missing or not finite. */
  missing: number;
}
