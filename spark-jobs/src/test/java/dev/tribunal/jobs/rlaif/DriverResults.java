package dev.tribunal.jobs.rlaif;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The bytes that tasks send back to the driver as their results (Spark's resultSize metric): a
 * stage that collects its rows on the driver sends at least their size, one whose executors write
 * the rows sends only write statistics, shuffle map statuses and metrics.
 */
final class DriverResults extends SparkListener {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong largest = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();

  /** A listener added to the session; {@link #settled} reads its totals once the events are delivered. */
  static DriverResults on(SparkSession spark) {
    DriverResults results = new DriverResults();
    spark.sparkContext().addSparkListener(results);
    return results;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskMetrics() == null) return;
    long size = end.taskMetrics().resultSize();
    bytes.addAndGet(size);
    largest.accumulateAndGet(size, Math::max);
    tasks.incrementAndGet();
  }

  /** The totals after every event posted so far has reached the listeners (they arrive asynchronously). */
  Totals settled(SparkSession spark) throws java.util.concurrent.TimeoutException {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    return new Totals(bytes.get(), largest.get(), tasks.get());
  }

  /** All task results' bytes, the largest one's, and the number of tasks. */
  record Totals(long bytes, long largest, long tasks) {}
}
