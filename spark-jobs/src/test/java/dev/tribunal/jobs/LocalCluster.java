package dev.tribunal.jobs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's local-cluster mode for tests: a standalone master and workers in this JVM, every executor
 * a JVM of its own. The workers build the executor command from SPARK_HOME, which must hold a jars/
 * directory; the spark-jobs pom points it under target/ and {@link #settings} creates the (empty)
 * directory. The executors get this JVM's classpath instead, test classes included.
 */
public final class LocalCluster {
  private LocalCluster() {}

  /** The master and the settings executor JVMs need, for a session builder or --set spark.conf.*. */
  public static Map<String, String> settings(int executors, int workerMemoryMb, String executorMemory) throws IOException {
    String home = System.getenv("SPARK_HOME");
    if (home == null) fail("SPARK_HOME is not set: the spark-jobs pom sets it for tests run by Maven");
    Files.createDirectories(Path.of(home, "jars"));
    Map<String, String> conf = new LinkedHashMap<>();
    // one core per worker: a task that must move goes to another JVM
    conf.put("spark.master", "local-cluster[" + executors + ",1," + workerMemoryMb + "]");
    conf.put("spark.executor.memory", executorMemory);
    conf.put("spark.executor.extraClassPath", testClasspath());
    // the workers' command builder needs it, and finds no Spark build to read it from
    conf.put("spark.executorEnv.SPARK_SCALA_VERSION", "2.13");
    // JVMs sharing a few cores: short-lived executors start faster with the quick JIT alone and no
    // parallel GC threads
    conf.put("spark.executor.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    // every executor is on this host: waiting for a "better" one only costs seconds
    conf.put("spark.locality.wait", "0");
    return conf;
  }

  /** Waits until the driver and every executor have registered, so no stage waits for a JVM to start. */
  public static void awaitExecutors(SparkSession spark, int executors) throws InterruptedException {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
      if (System.nanoTime() > deadline) fail("the executors of the local cluster did not register in 90 s");
      Thread.sleep(200);
    }
  }

  /**
   * This JVM's classpath, test classes included. Surefire may start this JVM from a jar whose
   * manifest lists the classpath; it then names the real one in surefire.test.class.path.
   */
  public static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
