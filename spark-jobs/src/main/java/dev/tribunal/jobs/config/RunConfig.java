package dev.tribunal.jobs.config;

/**
 * Where runs live. root is any Hadoop file system URI or a local path; id names one run under
 * it. Run ids become path segments, so only a safe alphabet is allowed.
 */
public record RunConfig(String root, String id) {
  public RunConfig {
    Check.notBlank("run.root", root);
    Check.notBlank("run.id", id);
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new ConfigException(
          "run.id: '" + id + "' is not allowed; use letters, digits, '.', '_' and '-' (max 128)");
    }
  }
}
