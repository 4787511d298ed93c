package dev.tribunal.jobs.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages under the run directory's rules: a completed stage with the same fingerprint is
 * skipped; with a different one it is refused, naming the change, unless the stage is to be
 * redone, which also drops everything downstream. Output is written to staging and committed by
 * rename, so a table is either absent or complete. {@link #run} also names and times each stage
 * on the console; a failure inside a stage surfaces as its own {@link StageFailure}, not as
 * Spark's job failure around it.
 */
public final class StageRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

  private final SparkSession spark;
  private final RunDirectory run;
  private final Set<String> redo;
  private final PrintStream out;

  /** A runner that prints nothing of its own. */
  public StageRunner(SparkSession spark, RunDirectory run, Set<String> redo) {
    this(spark, run, redo, new PrintStream(OutputStream.nullOutputStream()));
  }

  /** out: where {@link #run} names and times the stages, and where a command prints its results. */
  public StageRunner(SparkSession spark, RunDirectory run, Set<String> redo, PrintStream out) {
    this.spark = spark;
    this.run = run;
    this.redo = new HashSet<>(redo);
    this.out = out;
  }

  /** Runs (or skips) the stage at iteration t, prints one line naming and timing it, and returns its record. */
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

  /** Runs (or skips) the stage and returns its manifest record. */
  public StageRecord execute(Stage stage, int iteration) {
    try {
      return executeOrSkip(stage, iteration);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      var failure = StageFailure.in(e);
      if (failure.isPresent()) throw failure.get().onDriver(e);
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

  private StageRecord executeOrSkip(Stage stage, int iteration) {
    Manifest manifest = run.readManifest();
    Fingerprint.Parts parts = parts(stage, iteration, manifest);
    String fingerprint = Fingerprint.of(parts);
    var previous = manifest.find(stage.name(), iteration);
    if (previous.isPresent() && previous.get().completed()) {
      StageRecord done = previous.get();
      boolean same = fingerprint.equals(done.fingerprint());
      if (!redo.remove(stage.name())) {
        if (same) {
          LOG.info("{} (iter={}) is up to date: skipped", stage.name(), iteration);
          return done;
        }
        throw conflict(done, parts);
      }
      manifest = invalidate(manifest, done);
    }
    return compute(stage, iteration, manifest, parts, fingerprint);
  }

  private Fingerprint.Parts parts(Stage stage, int iteration, Manifest manifest) {
    Map<String, String> inputs = new TreeMap<>(stage.externalInputs());
    for (TableRef in : stage.inputs()) {
      StageRecord producer = manifest.producerOf(in).orElseThrow(() -> new IllegalStateException(
          "stage '" + stage.name() + "' (iter=" + iteration + ") reads table " + in
              + ", which no completed stage of run " + run.uri() + " has written"));
      inputs.put(in.path(), producer.fingerprint());
    }
    return new Fingerprint.Parts(inputs, stage.config(), stage.modelVersion(), CodeVersion.get());
  }

  private StageConflictException conflict(StageRecord done, Fingerprint.Parts now) {
    List<String> changes = Fingerprint.diff(done.parts(), now);
    return new StageConflictException("stage '" + done.stage() + "' (iter=" + done.iteration()
        + ") of run " + run.uri() + " was completed with different inputs: "
        + String.join("; ", changes) + ". Rerun with --redo " + done.stage()
        + " to recompute it and everything downstream.");
  }

  /** Drops a stage's record and those downstream of it, with their tables. */
  private Manifest invalidate(Manifest manifest, StageRecord root) {
    List<StageRecord> stale = manifest.downstreamOf(root);
    for (StageRecord s : stale) {
      run.delete(run.table(s.output()));
      run.delete(run.table(s.rejectedTable()));
      LOG.info("{} (iter={}) is downstream of a redone stage: dropped", s.stage(), s.iteration());
    }
    Set<String> keys = stale.stream().map(StageRecord::key).collect(Collectors.toSet());
    Manifest next = manifest.without(keys);
    run.writeManifest(next);
    return next;
  }

  private StageRecord compute(Stage stage, int iteration, Manifest manifest,
      Fingerprint.Parts parts, String fingerprint) {
    int sequence = manifest.find(stage.name(), iteration).map(StageRecord::sequence)
        .orElse(manifest.nextSequence());
    Instant started = Instant.now();
    StageRecord running = new StageRecord(stage.name(), iteration, stage.table(),
        StageRecord.Status.RUNNING, sequence, fingerprint, parts, null, null,
        started.toString(), null, null, null);
    run.writeManifest(manifest.with(running));
    LOG.info("{} (iter={}) running", stage.name(), iteration);
    spark.sparkContext().setJobGroup(stage.name(), stage.name() + " (iter=" + iteration + ")", false);
    try {
      StageRecord done = commit(stage, iteration, running);
      run.writeManifest(run.readManifest().with(done));
      LOG.info("{} (iter={}) committed {} rows{} in {} s", stage.name(), iteration, done.rows(),
          done.rejectedRows() == null ? "" : " (" + done.rejectedRows() + " rejected)", done.seconds());
      return done;
    } catch (Exception e) { // Spark throws its checked SparkException undeclared: record that failure too
      run.writeManifest(run.readManifest().with(new StageRecord(stage.name(), iteration,
          stage.table(), StageRecord.Status.FAILED, sequence, fingerprint, parts, null, null,
          started.toString(), Instant.now().toString(), null, null)));
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  /**
   * Runs the stage, writes its rejected rows and stages its output, lets the stage review what it
   * wrote, then commits: the completed record of a stage whose record was {@code running}.
   */
  private StageRecord commit(Stage stage, int iteration, StageRecord running) {
    StageContext context = new StageContext(spark, run, iteration);
    StageOutput out = stage.run(context);
    Long rejected = out.rejected() == null ? null : write(out.rejected(), run.table(running.rejectedTable()));
    Path target = run.table(new TableRef(iteration, stage.table()));
    Path staged = stage(out.rows(), target);
    long rows = run.rowCount(staged);
    Stage.Written written = new Stage.Written(spark.read().parquet(staged.toString()), rows,
        out.rejected() == null ? null : running.rejectedTable(), rejected);
    Map<String, Long> reviewed = merge(review(stage, context, staged, written), counted(stage, written));
    run.commit(staged, target);
    Instant started = Instant.parse(running.started());
    Instant finished = Instant.now();
    return new StageRecord(stage.name(), iteration, stage.table(), StageRecord.Status.COMPLETED,
        running.sequence(), running.fingerprint(), running.parts(), rows, rejected, running.started(),
        finished.toString(), Duration.between(started, finished).toMillis() / 1000.0, merge(out.counters(), reviewed));
  }

  /** The written rows' counts of the stage's counted column, by value ("parse_status.context_overflow"). */
  private static Map<String, Long> counted(Stage stage, Stage.Written written) {
    Map<String, Long> counts = new TreeMap<>();
    String column = stage.countedColumn();
    if (column == null) return counts;
    for (Row r : written.rows().filter(functions.col(column).isNotNull()).groupBy(column).count().collectAsList()) {
      counts.put(column + "." + r.get(0), r.getLong(1));
    }
    return counts;
  }

  /** The stage's look at its staged output; what it refuses is dropped from staging, never committed. */
  private static Map<String, Long> review(Stage stage, StageContext context, Path staged, Stage.Written written) {
    try {
      return stage.review(context, written);
    } catch (RuntimeException refused) {
      context.run().delete(staged);
      throw refused;
    }
  }

  /** Writes to staging, commits by rename, and counts what was committed. */
  private long write(Dataset<Row> rows, Path target) {
    Path staged = stage(rows, target);
    run.commit(staged, target);
    return run.rowCount(target);
  }

  /** Writes rows to a fresh staging directory for target, not yet committed. */
  private Path stage(Dataset<Row> rows, Path target) {
    Path staged = run.staging(target.getName() + "-" + java.util.UUID.randomUUID());
    rows.write().mode(SaveMode.ErrorIfExists).parquet(staged.toString());
    return staged;
  }

  private static Map<String, Long> merge(Map<String, Long> counters, Map<String, Long> reviewed) {
    Map<String, Long> all = new TreeMap<>(counters);
    all.putAll(reviewed);
    return all;
  }
}
