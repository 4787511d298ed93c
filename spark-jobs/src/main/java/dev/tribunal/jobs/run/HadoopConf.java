package dev.tribunal.jobs.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The Hadoop configuration Spark gives its own file systems, wherever the code runs: on the driver
 * the session's (core-site.xml, spark.hadoop.* and anything set on it since), on an executor the
 * defaults with the application's spark.hadoop.* laid over them (as Spark builds it there), and
 * without Spark the defaults. So a checkpoint on s3a:// or a custom scheme opens with the same
 * credentials and file system classes as the run's tables. Before Spark starts, the spark.hadoop.*
 * system properties spark-submit sets count too.
 */
public final class HadoopConf {
  private static final String PREFIX = "spark.hadoop.";

  private HadoopConf() {}

  public static Configuration current() {
    var session = SparkSession.getDefaultSession();
    if (session.isDefined()) return session.get().sparkContext().hadoopConfiguration();
    Configuration conf = new Configuration();
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX))
          .forEach(k -> conf.set(k.substring(PREFIX.length()), System.getProperty(k)));
      return conf;
    }
    for (Tuple2<String, String> e : env.conf().getAllWithPrefix(PREFIX)) conf.set(e._1(), e._2());
    return conf;
  }
}
