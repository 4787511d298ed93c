package dev.tribunal.jobs.cli;

/**
 * Our log lines at INFO, concise; Spark's and Hadoop's at WARN. Must run before the first logger
 * is created. A log4j2 file given by the user (or by spark-submit's conf dir) wins.
 */
final class Logs {
  private static final String PROPERTY = "log4j2.configurationFile";

  private Logs() {}

  static void configure() {
    if (System.getProperty(PROPERTY) != null) return;
    var config = Logs.class.getResource("/dev/tribunal/jobs/log4j2-cli.properties");
    if (config != null) System.setProperty(PROPERTY, config.toString());
  }
}
