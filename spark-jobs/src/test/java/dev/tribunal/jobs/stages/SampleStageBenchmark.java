package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.metarewarding.MetaRewardingStages;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import dev.tribunal.schemas.SampleRow;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sample stage on Spark {@code local[2]} against the same work in a bare loop: the shipped
 * seed model at the demo's settings (K, batch, sampling, 2 partitions) answers the same world
 * prompts with the same per-response seeds, once through the stage (Parquet in, tasks, row
 * encoding, Parquet out, commit) and once by calling the stage's own partition function on two
 * plain threads over the same two partitions, rows already in memory. The ratio of the two wall
 * times is Spark's overhead; the goal is at most 1.05. Both produce the same rows, which is
 * checked, so the two sides did the same work. A stage also has a fixed cost (two Spark jobs, the
 * shuffle that keeps a prompt's rows in one partition, the Parquet commit): about half a second
 * here, printed on its own. The default of 768 prompts (8 x the demo's) gives the stage a few
 * seconds of work, so the ratio measures the per-row overhead; at the demo's 96 prompts (under a
 * second of work) the fixed cost dominates the ratio.
 *
 * <p>Run from the project root after {@code mvn -q package -DskipTests} (which also compiles the
 * test classes), through the launcher for its JVM options:
 * <pre>
 *   TRIBUNAL_CLASSPATH=spark-jobs/target/test-classes TRIBUNAL_MAIN=dev.tribunal.jobs.stages.SampleStageBenchmark \
 *       ./tribunal [prompts, default 768] [measured rounds, default 5]
 * </pre>
 */
public final class SampleStageBenchmark {
  private static final double GOAL = 1.05;

  private final SparkSession spark;
  private final TribunalConfig config;
  private final MetaRewardingStages stages;
  private final WorkerSpec model;
  private final Path root;
  private int runs;

  private SampleStageBenchmark(SparkSession spark, TribunalConfig config, Path root) {
    this.spark = spark;
    this.config = config;
    this.stages = new MetaRewardingStages(config.metaRewarding(), config.resolvedRoles(), config.world());
    this.model = WorkerSpecs.seed(config.models());
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 768;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String home = System.getenv().getOrDefault("TRIBUNAL_HOME", ".");
    TribunalConfig config = ConfigLoader.bind(ConfigLoader.fromSystemEnvironment().tree("/dev/tribunal/jobs/demo.yaml",
        null, List.of("world.prompts=" + prompts, "models.checkpoint=" + home + "/models/seed")));
    SparkSession spark = SparkSession.builder().master("local[2]").appName("sample-stage-benchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    Path root = Files.createTempDirectory("sample-bench");
    try {
      new SampleStageBenchmark(spark, config, root).measure(rounds);
    } finally {
      spark.stop();
    }
  }

  private void measure(int rounds) throws Exception {
    var mr = config.metaRewarding();
    System.out.printf(Locale.ROOT, "sample stage: %d world prompts x K=%d, batch %d prompts, %d partitions,"
            + " max %d new tokens, model %s, %d cores%n", config.world().prompts(), mr.k(), mr.batchPrompts(),
        mr.partitions(), mr.actor().maxNewTokens(), config.models().checkpoint(), Runtime.getRuntime().availableProcessors());
    AtomicReference<List<SampleRow>> viaSpark = new AtomicReference<>();
    AtomicReference<List<SampleRow>> viaLoop = new AtomicReference<>();
    double[] sparkSeconds = new double[rounds];
    double[] loopSeconds = new double[rounds];
    for (int r = -1; r < rounds; r++) { // round -1 warms up both: model load, JIT, torch
      StageRunner run = freshRun();
      TableRef promptsTable = run.run(stages.prompts(), 0).output();
      List<List<Row>> partitions = StageSupport.byPrompt(run.read(promptsTable), mr.partitions(), "prompt_id")
          .javaRDD().glom().collect();
      AtomicReference<TableRef> samples = new AtomicReference<>();
      Callable<?> stage = () -> samples.getAndSet(run.run(stages.sample(promptsTable, model), 0).output());
      Callable<?> loop = () -> viaLoop.getAndSet(sorted(bareLoop(partitions)));
      // Alternate which side goes first, so neither gains from the other's warm caches.
      double s = r % 2 == 0 ? timed(stage) : Double.NaN;
      double l = timed(loop);
      if (r % 2 != 0) s = timed(stage);
      viaSpark.set(sorted(run.read(samples.get()).collectAsList()));
      if (r >= 0) {
        sparkSeconds[r] = s;
        loopSeconds[r] = l;
      }
      System.out.printf(Locale.ROOT, "%s: spark %.2f s, bare loop %.2f s, %d samples%n",
          r < 0 ? "warm-up" : "round " + (r + 1), s, l, viaSpark.get().size());
    }
    if (!viaSpark.get().equals(viaLoop.get())) throw new IllegalStateException("the stage and the bare loop sampled different rows");
    double ratio = median(sparkSeconds) / median(loopSeconds);
    System.out.printf(Locale.ROOT, "median: spark %.2f s, bare loop %.2f s; Spark's cost beyond the work %.2f s;"
            + " overhead ratio %.3f (goal <= %.2f: %s)%n", median(sparkSeconds), median(loopSeconds),
        median(sparkSeconds) - median(loopSeconds), ratio, GOAL, ratio <= GOAL ? "met" : "NOT met");
  }

  /** The stage's own partition function on two plain threads, one per partition, as local[2] runs it. */
  private List<Row> bareLoop(List<List<Row>> partitions) throws Exception {
    String runId = "run-" + runs; // the round's run id, so the same seeds as the stage
    var mr = config.metaRewarding();
    SampleStage stage = stages.sample(new TableRef(0, "prompts"), model);
    ModelStep step = new ModelStep(SampleStage.NAME, runId, 0, model, mr.batchPrompts());
    ExecutorService pool = Executors.newFixedThreadPool(partitions.size());
    try {
      List<Future<List<Row>>> parts = new ArrayList<>();
      for (List<Row> partition : partitions) {
        parts.add(pool.submit(() -> {
          List<Row> out = new ArrayList<>();
          stage.function(step).call(partition.iterator()).forEachRemaining(out::add);
          return out;
        }));
      }
      List<Row> all = new ArrayList<>();
      for (Future<List<Row>> p : parts) all.addAll(p.get());
      return all;
    } finally {
      pool.shutdown();
    }
  }

  /** A fresh run for each round, so the stage is never skipped as up to date. */
  private StageRunner freshRun() {
    RunDirectory run = new RunDirectory(root.toString(), "run-" + (++runs), spark.sparkContext().hadoopConfiguration());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    return new StageRunner(spark, run, Set.of(), quiet);
  }

  private static List<SampleRow> sorted(List<Row> rows) {
    return rows.stream().map(SampleRow::fromRow).sorted(Comparator.comparing(SampleRow::sampleId)).toList();
  }

  /** Wall seconds of the work. */
  private static double timed(Callable<?> work) throws Exception {
    long t0 = System.nanoTime();
    work.call();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
