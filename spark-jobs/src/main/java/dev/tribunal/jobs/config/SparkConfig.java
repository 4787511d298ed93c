package dev.tribunal.jobs.config;

import java.util.Map;

/**
 * How to reach Spark when not under spark-submit: master is used only if the launching command
 * did not set spark.master already. conf entries go to the session as they are.
 */
public record SparkConfig(String master, Map<String, String> conf) {
  public SparkConfig {
    Check.notBlank("spark.master", master);
    conf = conf == null ? Map.of() : Map.copyOf(conf);
  }
}
