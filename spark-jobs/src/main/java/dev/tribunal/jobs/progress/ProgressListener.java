package dev.tribunal.jobs.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * One console line for the running job: stage, tasks done/total, rows, rows/s and ETA, redrawn at
 * most twice a second. Installed only when the output is a terminal and --quiet is not given.
 */
public final class ProgressListener extends SparkListener {
  private final PrintStream out;
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong rows = new AtomicLong();
  private volatile long startedNanos;
  private volatile long drawnNanos;
  private volatile String label = "";

  public ProgressListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    int tasks = 0;
    for (var info : scala.jdk.javaapi.CollectionConverters.asJava(job.stageInfos())) tasks += info.numTasks();
    total.set(tasks);
    done.set(0);
    rows.set(0);
    String group = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
    label = group == null ? "job " + job.jobId() : group;
    startedNanos = System.nanoTime();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    done.incrementAndGet();
    if (task.taskMetrics() != null) {
      rows.addAndGet(task.taskMetrics().inputMetrics().recordsRead()
          + task.taskMetrics().shuffleReadMetrics().recordsRead());
    }
    long now = System.nanoTime();
    if (now - drawnNanos > 500_000_000L) {
      drawnNanos = now;
      out.print("\r" + line(now) + "\u001b[K");
      out.flush();
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd job) {
    if (drawnNanos > startedNanos) {
      out.print("\r\u001b[K");
      out.flush();
    }
  }

  String line(long now) {
    double seconds = Math.max(1e-3, (now - startedNanos) / 1e9);
    int d = done.get();
    int t = Math.max(d, total.get());
    double rate = rows.get() / seconds;
    String eta = d == 0 ? "?" : clock(seconds / d * (t - d));
    return String.format(Locale.ROOT, "[%s] tasks %d/%d  %,d rows  %,.0f rows/s  ETA %s",
        label, d, t, rows.get(), rate, eta);
  }

  /** h:mm:ss, as every progress line prints time. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
