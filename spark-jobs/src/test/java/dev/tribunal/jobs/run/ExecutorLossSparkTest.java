package dev.tribunal.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.LocalCluster;
import dev.tribunal.jobs.SparkTestBase;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault: the JVM of an executor dies (halts, no shutdown hooks) halfway through writing one
 * partition of a stage, in Spark's local-cluster mode, where a standalone master and two workers
 * run in this JVM and every executor is a JVM of its own ({@link LocalCluster}). Must hold: Spark
 * declares the executor lost and reruns its task elsewhere, the stage completes, and its committed
 * table holds every id exactly once: the dead attempt's partial output is never committed.
 */
class ExecutorLossSparkTest extends SparkTestBase {
  static final int ROWS = 4000;
  static final int PARTITIONS = 4;
  static final int EXECUTORS = 2;
  /** Executor ids the driver has declared removed; filled by a listener on the driver. */
  static final Set<String> removed = ConcurrentHashMap.newKeySet();
  @TempDir Path dir;

  @BeforeAll
  static void startCluster() throws Exception {
    SparkSession.Builder builder = SparkSession.builder().appName("tribunal-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC");
    // the default executor memory of 1g would not fit a 1024 MiB worker; two small executors fit a CI machine
    LocalCluster.settings(EXECUTORS, 1024, "512m").forEach(builder::config);
    spark = builder.getOrCreate();
    // A session left running by another class would be reused, and halting an executor of a local
    // master would halt this JVM: go no further unless the executors are JVMs of their own.
    assertTrue(spark.sparkContext().master().startsWith("local-cluster"), spark.sparkContext().master());
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved removal) {
        removed.add(removal.executorId());
      }
    });
    // Both executors up before the stage, so the kill leaves a live one to take over at once
    // rather than the task waiting for a replacement JVM.
    LocalCluster.awaitExecutors(spark, EXECUTORS);
  }

  @Test
  void anExecutorKilledHalfwayLeavesEveryIdExactlyOnce() throws Exception {
    Path marker = dir.resolve("killed-executor");
    RunDirectory run = new RunDirectory(dir.toString(), "kill", spark.sparkContext().hadoopConfiguration());

    StageRecord r = new StageRunner(spark, run, Set.of())
        .execute(new NumbersStage(marker.toString(), ProcessHandle.current().pid()), 0);

    assertEquals(ROWS, r.rows());
    // Few enough to read back whole: sorted, they must be exactly 0..ROWS-1.
    var table = run.table(r.output());
    List<Long> ids = spark.read().parquet(table.toString()).as(Encoders.LONG()).collectAsList();
    assertEquals(LongStream.range(0, ROWS).boxed().toList(), ids.stream().sorted().toList());
    try (Stream<Path> files = Files.list(Path.of(table.toUri()))) {
      assertEquals(PARTITIONS, files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count(),
          "one file per partition: none of the dead attempt's");
    }

    assertTrue(Files.exists(marker), "the fault was injected");
    String[] killed = Files.readString(marker).split(" ");
    String executorId = killed[0];
    long pid = Long.parseLong(killed[1]);
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "executor JVM " + pid + " is dead");
    // The listener bus is asynchronous: the removal may reach it a moment after the job ends.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!removed.contains(executorId) && System.nanoTime() < deadline) Thread.sleep(100);
    assertTrue(removed.contains(executorId), "executor " + executorId + " was declared lost; removed: " + removed);
    try (Stream<Path> left = Files.list(dir.resolve("kill"))) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("_temporary")));
    }
  }

  /** Writes ids 0..ROWS-1 in PARTITIONS partitions through {@link KillHalfway}. */
  static final class NumbersStage implements Stage {
    private final String marker;
    private final long driverPid;

    NumbersStage(String marker, long driverPid) {
      this.marker = marker;
      this.driverPid = driverPid;
    }

    @Override public String name() { return "numbers"; }
    @Override public String table() { return "numbers"; }
    @Override public List<TableRef> inputs() { return List.of(); }
    @Override public JsonNode config() { return new ObjectMapper().createObjectNode(); }

    @Override
    public StageOutput run(StageContext c) {
      var ids = c.spark().range(0, ROWS, 1, PARTITIONS).as(Encoders.LONG())
          .mapPartitions(new KillHalfway(marker, driverPid), Encoders.LONG());
      return StageOutput.of(ids.toDF("id"));
    }
  }

  /**
   * Passes ids through lazily, so the writer has already taken rows when the kill comes. Halfway
   * through partition 1, the first time only (the marker is created atomically on the shared local
   * disk), it halts the executor JVM it runs in.
   */
  static final class KillHalfway implements MapPartitionsFunction<Long, Long> {
    private final String marker;
    private final long driverPid;

    KillHalfway(String marker, long driverPid) {
      this.marker = marker;
      this.driverPid = driverPid;
    }

    @Override
    public Iterator<Long> call(Iterator<Long> in) {
      int partition = TaskContext.getPartitionId();
      return new Iterator<>() {
        int seen;

        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Long next() {
          Long id = in.next();
          if (partition == 1 && ++seen == ROWS / PARTITIONS / 2) killOnce();
          return id;
        }
      };
    }

    private void killOnce() {
      long pid = ProcessHandle.current().pid();
      if (pid == driverPid) throw new IllegalStateException("running in the test JVM, not in an executor: not halting it");
      try {
        Files.writeString(Path.of(marker), SparkEnv.get().executorId() + " " + pid, StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException done) {
        return; // killed once already: this is the rerun
      } catch (IOException e) {
        throw new IllegalStateException("cannot write " + marker, e);
      }
      Runtime.getRuntime().halt(1);
    }
  }
}
