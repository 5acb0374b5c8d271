/** Test helper: the library's toy experiment, so run-loop tests need no data files. */
export {
  toyExperimentConfig as toyConfig,
  toyExperimentData as toyData,
} from "../../lib/testing/toy_experiment.ts";
