package dev.tribunal.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** local[2,4]: a failed task is retried, so the fault below really happens and is recovered. */
class TaskRetrySparkTest extends SparkTestBase {
  static final int ROWS = 4000;
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2,4]");
  }

  @Test
  void aTaskFailingAfterWritingPartOfItsOutputLeavesEveryIdExactlyOnceAndNoTemporaryFiles() throws Exception {
    RunDirectory run = new RunDirectory(dir.toString(), "retry", spark.sparkContext().hadoopConfiguration());
    StageRecord r = new StageRunner(spark, run, Set.of()).execute(new FailOnceStage(), 0);
    assertEquals(ROWS, r.rows());
    var ids = spark.read().parquet(run.table(r.output()).toString());
    assertEquals(ROWS, ids.distinct().count());
    assertEquals(1L, Files.list(dir).filter(p -> p.getFileName().toString().equals("failed-once")).count(),
        "the fault was injected");
    assertEquals(ROWS, ids.count(), "no id twice");
    try (var files = Files.walk(Path.of(run.table(r.output()).toUri()))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("_temporary")), "no temporary files in the table");
    }
    try (var staging = Files.walk(dir.resolve("retry").resolve("_staging"))) {
      assertEquals(1, staging.count(), "nothing left in staging");
    }
  }

  /** Writes ids 0..ROWS-1; partition 1 throws halfway through on its first attempt. */
  final class FailOnceStage implements Stage {
    @Override public String name() { return "numbers"; }
    @Override public String table() { return "numbers"; }
    @Override public List<TableRef> inputs() { return List.of(); }
    @Override public JsonNode config() { return new ObjectMapper().createObjectNode(); }

    @Override
    public StageOutput run(StageContext c) {
      String marker = dir.resolve("failed-once").toString();
      var ids = c.spark().range(0, ROWS, 1, 4).as(Encoders.LONG())
          .mapPartitions(new FailHalfway(marker), Encoders.LONG());
      return StageOutput.of(ids.toDF("id"));
    }
  }

  static final class FailHalfway implements MapPartitionsFunction<Long, Long> {
    private final String marker;

    FailHalfway(String marker) {
      this.marker = marker;
    }

    /**
     * Lazy, so the writer has already written the first rows of the partition to its task file
     * when the fault strikes: the attempt's partial output must never become visible.
     */
    @Override
    public Iterator<Long> call(Iterator<Long> in) {
      TaskContext task = TaskContext.get();
      boolean faulty = task.partitionId() == 1 && task.attemptNumber() == 0;
      return new Iterator<>() {
        private int served;

        @Override
        public boolean hasNext() {
          return in.hasNext();
        }

        @Override
        public Long next() {
          if (faulty && ++served == ROWS / 8) {
            try {
              Files.writeString(Path.of(marker), "x");
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            throw new IllegalStateException("injected fault halfway through writing partition 1");
          }
          return in.next();
        }
      };
    }
  }
}
