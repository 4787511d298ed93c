package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that reads the configuration tree takes. */
public class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE.yaml",
      description = "Configuration file (YAML). $${ENV_VAR} and $${ENV_VAR:-default} are substituted.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key, e.g. --set input.max_prompt_chars=4000 (repeatable; applied last).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--verbose", description = "Show stack traces on failure.")
  boolean verbose;

  /** Every override this command applies, in order (a command may add its own, e.g. --run-id). */
  List<String> allOverrides() {
    return overrides;
  }

  /** The effective configuration tree: defaults, the file, then the overrides. */
  ObjectNode tree() {
    return ConfigLoader.fromSystemEnvironment().tree(config, allOverrides());
  }

  /** The effective configuration, bound and checked. */
  TribunalConfig load() {
    return ConfigLoader.bind(tree());
  }
}
