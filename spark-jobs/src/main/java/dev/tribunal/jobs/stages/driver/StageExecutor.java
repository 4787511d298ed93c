package dev.tribunal.jobs.stages.driver;

import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelCallException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the loop's stages through the {@link StageRunner} (so a completed stage is skipped on
 * re-run), names and times each one on the console, and turns a job that failed on a model call
 * back into the typed {@link ModelCallException} that names the stage and the backend.
 */
public final class StageExecutor {
  private final StageRunner runner;
  private final SparkSession spark;
  private final RunDirectory run;
  private final PrintStream out;

  public StageExecutor(StageRunner runner, SparkSession spark, RunDirectory run, PrintStream out) {
    this.runner = runner;
    this.spark = spark;
    this.run = run;
    this.out = out;
  }

  /** Runs (or skips) the stage at iteration t and returns its committed table. */
  public StageRecord run(Stage stage, int iteration) {
    Instant started = Instant.now();
    StageRecord record = execute(stage, iteration);
    boolean skipped = record.finished() != null && Instant.parse(record.finished()).isBefore(started);
    double seconds = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
    out.printf(Locale.ROOT, "  iter=%d %-14s %9d rows  %8.1f s%s%n", iteration, stage.name(),
        record.rows() == null ? 0 : record.rows(), skipped ? record.seconds() : seconds,
        skipped ? "  (done before, skipped)" : "");
    return record;
  }

  private StageRecord execute(Stage stage, int iteration) {
    try {
      return runner.execute(stage, iteration);
    } catch (Exception e) {
      // Spark reports a task's failure inside its own job failure; the model call's is the one to show.
      var modelCall = ModelCallException.in(e);
      if (modelCall.isPresent()) throw new ModelCallException(modelCall.get(), e);
      throw e;
    }
  }

  /** A committed table of the run. */
  public Dataset<Row> read(TableRef table) {
    return new StageContext(spark, run, table.iteration()).read(table);
  }

  public RunDirectory runDirectory() {
    return run;
  }

  public SparkSession spark() {
    return spark;
  }

  public PrintStream out() {
    return out;
  }
}
