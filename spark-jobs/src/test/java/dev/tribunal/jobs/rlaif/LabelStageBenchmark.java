package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.config.ConfigLoader;
import dev.tribunal.jobs.config.TribunalConfig;
import dev.tribunal.jobs.io.InputFiles;
import dev.tribunal.jobs.io.PairImportStage;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.jobs.stages.worker.WorkerSpecs;
import dev.tribunal.schemas.AiLabelRow;
import dev.tribunal.schemas.CorpusPairRow;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The RLAIF path at scale: a generated TRL corpus imported with {@code import-pairs}' stage and
 * labeled by the label stage on Spark {@code local[2]}, against the same labeling in a bare loop
 * (the stage's own partition function on two plain threads over the same two partitions, rows
 * already in memory: the same workers, the same batches, no Spark). Both sides must produce the
 * same labels, which is checked, so they did the same work.
 *
 * <p>Throughput (the default): the in-JVM runtime on the shipped seed checkpoint labels 2,000
 * pairs, both orders, at the defaults' batch of 8 pairs; a pair costs two forwards of about 170
 * tokens there, so 10,000 pairs would take several minutes per side on 2 cores. The same is then
 * done for 10,000 pairs with the scripted labeler ({@link FakeLabeler}), whose answers cost
 * microseconds: its ratio is Spark's own per-row cost (Parquet in, shuffle, sort, row encoding,
 * Parquet out, commit) against an in-memory loop, printed as the cost per row, not held to a limit.
 *
 * <p>Memory ({@code memory [pairs]}): 100,000 pairs of about 1 KiB each are imported and labeled
 * with the scripted labeler; the run prints the heap it used and the bytes tasks returned to the
 * driver, checks the label table's row count from its Parquet footers, and holds the driver's
 * share of the corpus to {@link #DRIVER_LIMIT}. Run it under a small heap to show the bound: 512 MiB,
 * since Spark refuses to start below 450 MiB.
 *
 * <p>Run from the project root after {@code mvn -B package -DskipTests} (which also compiles the
 * test classes), through the launcher for its JVM options:
 * <pre>
 *   TRIBUNAL_CLASSPATH=spark-jobs/target/test-classes TRIBUNAL_MAIN=dev.tribunal.jobs.rlaif.LabelStageBenchmark \
 *       ./tribunal [real-model pairs, default 2000] [scripted pairs, default 10000] [measured rounds, default 3]
 *   TRIBUNAL_JAVA_OPTS=-Xmx512m TRIBUNAL_CLASSPATH=spark-jobs/target/test-classes \
 *       TRIBUNAL_MAIN=dev.tribunal.jobs.rlaif.LabelStageBenchmark ./tribunal memory [pairs, default 100000]
 * </pre>
 */
public final class LabelStageBenchmark {
  /**
   * The real model's Spark/bare rows/s must be at least this. A labeled pair costs the seed model two
   * forwards of ~170 tokens (milliseconds); Spark's own cost is about 0.1 ms a row with the stage's
   * fixed cost (jobs, the shuffle by pair, the commit, the counts) included, as the scripted side
   * measures. What the limit is for falls far below it: the input computed twice (0.5), a model
   * loaded per batch, batches of one pair. It is not tighter because on a shared 2-core machine
   * single runs moved between 0.86 and 1.06 with the load of other processes.
   */
  private static final double REAL_LIMIT = 0.8;
  /** Task results may bring back at most this share of the corpus's bytes: a collect brings all of it. */
  private static final double DRIVER_LIMIT = 0.01;
  private static final TableRef CORPUS = new TableRef(0, CorpusPairRow.TABLE);
  private static final int PARTITIONS = 2;
  private static final int WARM_UP_PAIRS = 128;
  private static final int SCRIPTED_CONTEXT_CHARS = 100_000;
  private static final int MEMORY_FILLER_CHARS = 500;

  private final SparkSession spark;
  private final TribunalConfig config;
  private final Labeler labeler;
  private final Path root;
  private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  private int runs;

  private LabelStageBenchmark(SparkSession spark, TribunalConfig config, Path root) {
    this.spark = spark;
    this.config = config;
    this.labeler = Labeler.of(config.rlaif(), Exemplars.read(config.rlaif().exemplars()));
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    boolean memory = args.length > 0 && args[0].equals("memory");
    String home = System.getenv().getOrDefault("TRIBUNAL_HOME", ".");
    TribunalConfig config = ConfigLoader.bind(ConfigLoader.fromSystemEnvironment().tree(null,
        List.of("models.checkpoint=" + home + "/models/seed")));
    SparkSession spark = SparkSession.builder().master("local[" + PARTITIONS + "]").appName("label-stage-benchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", Integer.toString(PARTITIONS))
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    Path root = Files.createTempDirectory("label-bench");
    try {
      LabelStageBenchmark bench = new LabelStageBenchmark(spark, config, root);
      if (memory) {
        bench.memory(args.length > 1 ? Integer.parseInt(args[1]) : 100_000);
      } else {
        bench.throughput(arg(args, 0, 2000), arg(args, 1, 10_000), arg(args, 2, 3));
      }
    } finally {
      spark.stop();
    }
  }

  private static int arg(String[] args, int i, int otherwise) {
    return args.length > i ? Integer.parseInt(args[i]) : otherwise;
  }

  private void throughput(int realPairs, int scriptedPairs, int rounds) throws Exception {
    System.out.printf(Locale.ROOT, "label stage: both orders %s, batch %d pairs, %d partitions, %d cores, max heap %d MiB%n",
        labeler.bothOrders(), config.rlaif().batchPairs(), PARTITIONS, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    WorkerSpec seed = WorkerSpecs.seed(config.models());
    Side real = compare("seed model " + config.models().checkpoint() + " (djl, cpu)", seed, realPairs, rounds);
    Side scripted = compare("scripted labeler", FakeLabeler.spec(0, SCRIPTED_CONTEXT_CHARS), scriptedPairs, rounds);
    System.out.printf(Locale.ROOT, "scripted labeler: Spark's cost beyond the work %.2f s for %d rows (%.0f us/row,"
        + " the stage's fixed cost included); not held to a limit, the labeler costing nothing there%n",
        scripted.sparkSeconds() - scripted.loopSeconds(), scripted.pairs(),
        (scripted.sparkSeconds() - scripted.loopSeconds()) / scripted.pairs() * 1e6);
    System.out.printf(Locale.ROOT, "real model: Spark %.1f rows/s, bare loop %.1f rows/s; Spark/bare %.3f"
        + " (limit >= %.2f: %s)%n", real.sparkRate(), real.loopRate(), real.ratio(), REAL_LIMIT,
        real.ratio() >= REAL_LIMIT ? "met" : "NOT met");
  }

  /** Median wall seconds of the labeling through the stage and through the bare loop. */
  private record Side(int pairs, double sparkSeconds, double loopSeconds) {
    double sparkRate() {
      return pairs / sparkSeconds;
    }

    double loopRate() {
      return pairs / loopSeconds;
    }

    double ratio() {
      return sparkRate() / loopRate();
    }
  }

  /** A warm-up on a small corpus (weights, JIT, Spark's code generation), then the measured rounds. */
  private Side compare(String what, WorkerSpec model, int pairs, int rounds) throws Exception {
    Imported warmUp = imported(model, WARM_UP_PAIRS, 0);
    measure(warmUp, 1, "warm-up");
    Imported corpus = imported(model, pairs, 0);
    System.out.printf(Locale.ROOT, "%s: %d pairs (%.1f MiB of JSON Lines) imported in %.2f s (%.0f rows/s)%n", what,
        pairs, corpus.bytes() / 1048576.0, corpus.importSeconds(), pairs / corpus.importSeconds());
    Side side = measure(corpus, rounds, "round");
    System.out.printf(Locale.ROOT, "%s: median of %d rounds: Spark %.2f s (%.1f rows/s), bare loop %.2f s (%.1f rows/s),"
        + " Spark/bare %.3f%n", what, rounds, side.sparkSeconds(), side.sparkRate(), side.loopSeconds(), side.loopRate(),
        side.ratio());
    return side;
  }

  /** Rounds of the stage and the loop, in alternating order so that neither gains from the other's warm caches. */
  private Side measure(Imported corpus, int rounds, String what) throws Exception {
    List<List<Row>> partitions = corpus.stage().input(corpus.context()).javaRDD().glom().collect();
    double[] sparkSeconds = new double[rounds];
    double[] loopSeconds = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      List<List<AiLabelRow>> labels = new ArrayList<>(List.of(List.of(), List.of()));
      StageRunner runner = relabeling(corpus.run());
      Callable<?> stage = () -> labels.set(0, sorted(runner.read(runner.execute(corpus.stage(), 0).output()).collectAsList()));
      Callable<?> loop = () -> labels.set(1, sorted(bareLoop(corpus, partitions)));
      double s = r % 2 == 0 ? timed(stage) : Double.NaN;
      double l = timed(loop);
      if (r % 2 != 0) s = timed(stage);
      if (!labels.get(0).equals(labels.get(1))) throw new IllegalStateException("the stage and the bare loop labeled differently");
      sparkSeconds[r] = s;
      loopSeconds[r] = l;
      System.out.printf(Locale.ROOT, "  %s %d: spark %.2f s, bare loop %.2f s, %d labels%n", what, r + 1, s, l,
          labels.get(0).size());
    }
    return new Side(corpus.pairs(), median(sparkSeconds), median(loopSeconds));
  }

  /** The stage's own partition function on plain threads, one per partition, as local[2] runs it. */
  private List<Row> bareLoop(Imported corpus, List<List<Row>> partitions) throws Exception {
    ModelUse use = corpus.stage().use();
    ModelStep step = new ModelStep(LabelStage.NAME, StageSupport.runId(corpus.context()), 0, use.model(), use.batch());
    ExecutorService pool = Executors.newFixedThreadPool(partitions.size());
    try {
      List<Future<List<Row>>> parts = new ArrayList<>();
      for (List<Row> partition : partitions) {
        parts.add(pool.submit(() -> {
          List<Row> out = new ArrayList<>();
          corpus.stage().function(step).call(partition.iterator()).forEachRemaining(out::add);
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

  private void memory(int pairs) throws Exception {
    DriverResults results = DriverResults.on(spark);
    HeapPeak heap = HeapPeak.start();
    Imported corpus = imported(FakeLabeler.spec(0, SCRIPTED_CONTEXT_CHARS), pairs, MEMORY_FILLER_CHARS);
    long started = System.nanoTime();
    StageRecord labels = relabeling(corpus.run()).execute(corpus.stage(), 0);
    double labelSeconds = (System.nanoTime() - started) / 1e9;
    RunDirectory run = corpus.run();
    long committed = run.rowCount(run.table(labels.output()));
    long imported = run.rowCount(run.table(CORPUS));
    if (committed != pairs || imported != pairs || labels.rows() != pairs) {
      throw new IllegalStateException("expected " + pairs + " rows, the corpus has " + imported + " and the labels "
          + committed + " (manifest: " + labels.rows() + ")");
    }
    DriverResults.Totals back = results.settled(spark);
    double share = back.bytes() / (double) corpus.bytes();
    System.out.printf(Locale.ROOT, "memory: %d pairs (%.1f MiB of JSON Lines) imported in %.1f s (%.0f rows/s), labeled"
            + " by the scripted labeler in %.1f s (%.0f rows/s); %d label rows committed (Parquet footers)%n", pairs,
        corpus.bytes() / 1048576.0, corpus.importSeconds(), pairs / corpus.importSeconds(), labelSeconds,
        pairs / labelSeconds, committed);
    System.out.printf(Locale.ROOT, "memory: max heap %d MiB, peak heap used %d MiB; task results to the driver %.1f KiB"
            + " in %d tasks (largest %.1f KiB), %.4f of the corpus (limit <= %.2f: %s)%n",
        Runtime.getRuntime().maxMemory() >> 20, heap.stop() >> 20, back.bytes() / 1024.0, back.tasks(),
        back.largest() / 1024.0, share, DRIVER_LIMIT, share <= DRIVER_LIMIT ? "met" : "NOT met");
  }

  /** A corpus imported into a fresh run, and the label stage over it. */
  private record Imported(RunDirectory run, StageContext context, LabelStage stage, int pairs, long bytes,
      double importSeconds) {}

  private Imported imported(WorkerSpec model, int pairs, int fillerChars) throws Exception {
    String id = "run-" + (++runs);
    Path file = root.resolve(id + ".jsonl");
    long bytes = PairCorpus.write(file, pairs, fillerChars);
    RunDirectory run = new RunDirectory(root.resolve("runs").toString(), id, spark.sparkContext().hadoopConfiguration());
    List<String> paths = List.of(file.toUri().toString());
    var describe = InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration());
    double seconds = timed(() -> new StageRunner(spark, run, Set.of(), quiet)
        .execute(new PairImportStage(paths, null, 16000, describe), 0));
    LabelStage stage = new LabelStage(CORPUS, new ModelUse(model, config.rlaif().batchPairs(), PARTITIONS), labeler);
    return new Imported(run, new StageContext(spark, run, 0), stage, pairs, bytes, seconds);
  }

  /** A runner that redoes the label stage: each round computes and commits its table anew, never skipped. */
  private StageRunner relabeling(RunDirectory run) {
    return new StageRunner(spark, run, Set.of(LabelStage.NAME), quiet);
  }

  private static List<AiLabelRow> sorted(List<Row> rows) {
    return rows.stream().map(AiLabelRow::fromRow).sorted(Comparator.comparing(AiLabelRow::pairId)).toList();
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

  /** The most heap in use at any sampled moment (every 5 ms, garbage included: an upper bound of the live set). */
  private static final class HeapPeak implements Runnable {
    private final AtomicLong peak = new AtomicLong();
    private volatile boolean running = true;

    static HeapPeak start() {
      HeapPeak h = new HeapPeak();
      Thread t = new Thread(h, "heap-peak");
      t.setDaemon(true);
      t.start();
      return h;
    }

    @Override
    public void run() {
      var memory = ManagementFactory.getMemoryMXBean();
      while (running) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stop() {
      running = false;
      return peak.get();
    }
  }
}
