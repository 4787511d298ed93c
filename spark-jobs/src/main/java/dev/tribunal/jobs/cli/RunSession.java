package dev.tribunal.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.Secrets;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.progress.ProgressListener;
import dev.tribunal.jobs.progress.TrainingProgress;
import dev.tribunal.jobs.report.RunReports;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.RunLock;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.spark.Sessions;
import dev.tribunal.jobs.stages.worker.DriverDevice;
import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a run command holds while it works: the configuration, Spark, the run directory and
 * its lock. Closing releases the lock and stops Spark.
 */
final class RunSession implements AutoCloseable {
  final TribunalConfig config;
  final SparkSession spark;
  final RunDirectory run;
  final StageRunner runner;
  private final RunLock lock;

  private RunSession(TribunalConfig config, SparkSession spark, RunDirectory run, RunLock lock, Set<String> redo) {
    this.config = config;
    this.spark = spark;
    this.run = run;
    this.lock = lock;
    this.runner = new StageRunner(spark, run, redo, System.out);
  }

  static RunSession open(CommonOptions options, String command, PrintStream err) {
    ObjectNode tree = options.tree();
    return open(tree, ConfigLoader.bind(tree), options, command, err);
  }

  /** With the configuration tree already built (e.g. over a built-in profile) and bound to config. */
  static RunSession open(ObjectNode tree, TribunalConfig config, CommonOptions options, String command,
      PrintStream err) {
    return open(tree, config, options, command, err, false);
  }

  /**
   * watchLock: a lock whose holder cannot be judged yet is watched until it proves alive or goes
   * stale ({@link RunLock#acquireWaiting}), for commands a scheduler retries with nobody watching.
   */
  static RunSession open(ObjectNode tree, TribunalConfig config, CommonOptions options, String command,
      PrintStream err, boolean watchLock) {
    if (!options.quiet) err.print("effective configuration:\n" + Secrets.dump(tree).indent(2));
    TrainingProgress.to(options.quiet ? null : err);
    SparkSession spark = Sessions.create(config.spark(), "tribunal " + command);
    try {
      DriverDevice.checkAtStart(spark.sparkContext());
      if (!options.quiet && System.console() != null) {
        spark.sparkContext().addSparkListener(new ProgressListener(err));
      }
      RunDirectory run = new RunDirectory(config.run().root(), config.run().id(),
          spark.sparkContext().hadoopConfiguration());
      RunLock lock = watchLock ? RunLock.acquireWaiting(run, config.run().lockStaleAfter())
          : RunLock.acquire(run, config.run().lockStaleAfter());
      Logs.toRunDirectory(run, command);
      return new RunSession(config, spark, run, lock, Set.copyOf(options.redo));
    } catch (RuntimeException e) {
      spark.stop();
      throw e;
    }
  }

  /** Writes the run's report (report.html and report.json in the run directory) and says where it is. */
  void report() {
    System.out.println("report: " + RunReports.write(spark, run));
  }

  @Override
  public void close() {
    try {
      lock.close();
    } finally {
      spark.stop();
    }
  }
}
