package dev.tribunal.jobs.spark;

import dev.tribunal.jobs.config.Secrets;
import dev.tribunal.jobs.config.SparkConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session for a command. Under spark-submit the master and resources come from there;
 * launched directly, the configured master is used. Model stages must not be speculated (model
 * calls are side effects), and API keys must be redacted, which Spark's default regex misses.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession create(SparkConfig config, String appName) {
    SparkConf conf = new SparkConf(true);
    if (!conf.contains("spark.master")) conf.setMaster(config.master());
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.speculation", "false");
    conf.setIfMissing("spark.redaction.regex", Secrets.REGEX);
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    if (conf.get("spark.master").startsWith("local")) conf.setIfMissing("spark.ui.enabled", "false");
    config.conf().forEach(conf::set);
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
