package dev.tribunal.jobs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that reads the configuration tree takes. */
public class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE.yaml",
      description = "Configuration file (YAML). $${ENV_VAR} and $${ENV_VAR:-default} are substituted.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one key, e.g. --set input.max_prompt_chars=4000 (repeatable; applied last).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--verbose", description = "Show stack traces on failure.")
  boolean verbose;
}
