package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.stages.worker.WorkerSpec;

/**
 * What a command that runs the models section's model starts from: the effective configuration
 * tree (printed when the session opens), the configuration bound from it, and that model (M_0),
 * checked before Spark starts so a wrong checkpoint fails at once.
 */
record SeededConfig(ObjectNode tree, TribunalConfig config, WorkerSpec seed) {
  static SeededConfig load(CommonOptions common) {
    ObjectNode tree = common.tree();
    TribunalConfig config = ConfigLoader.bind(tree);
    return new SeededConfig(tree, config, IterateCommand.seed(config.models()));
  }

  /** The command's session over this configuration. */
  RunSession open(CommonOptions common, String command) {
    return RunSession.open(tree, config, common, command, System.err);
  }
}
