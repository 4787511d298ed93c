package dev.tribunal.jobs.config;

/**
 * Where runs live. root is any Hadoop file system URI or a local path; id names one run under
 * it. Run ids become path segments, so only a safe alphabet is allowed. lockStaleAfterS is how
 * long a lock from another host may go without a heartbeat before its holder is taken to be dead.
 */
public record RunConfig(String root, String id, double lockStaleAfterS) {
  public RunConfig {
    Check.notBlank("run.root", root);
    Check.notBlank("run.id", id);
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new ConfigException(
          "run.id: '" + id + "' is not allowed; use letters, digits, '.', '_' and '-' (max 128)");
    }
    // Heartbeats come every quarter of it: under a few seconds, a slow store would look dead.
    Check.range("run.lock_stale_after_s", lockStaleAfterS, 10.0, 7 * 86_400.0);
  }

  public java.time.Duration lockStaleAfter() {
    return java.time.Duration.ofMillis(Math.round(lockStaleAfterS * 1000));
  }
}
