package dev.tribunal.jobs;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;

/** One local Spark session per test class, stopped after it so the next class may pick its own master. */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  protected static SparkSession start(String master) {
    return start(master, java.util.Map.of());
  }

  /** With extra settings, e.g. a Hadoop file system registered under another scheme. */
  protected static SparkSession start(String master, java.util.Map<String, String> conf) {
    var builder = SparkSession.builder()
        .master(master)
        .appName("tribunal-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC");
    conf.forEach(builder::config);
    spark = builder.getOrCreate();
    return spark;
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) spark.stop();
    spark = null;
  }
}
