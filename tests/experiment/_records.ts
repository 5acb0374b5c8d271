/** Test helper: the records of a store in a comparable form (see lib/testing). */
export { comparableRecords } from "../../lib/testing/comparable_records.ts";
