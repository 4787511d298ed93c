package dev.tribunal.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
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
  void aTaskFailingHalfwayLeavesEveryIdExactlyOnce() throws Exception {
    RunDirectory run = new RunDirectory(dir.toString(), "retry", spark.sparkContext().hadoopConfiguration());
    StageRecord r = new StageRunner(spark, run, Set.of()).execute(new FailOnceStage(), 0);
    assertEquals(ROWS, r.rows());
    var ids = spark.read().parquet(run.table(r.output()).toString());
    assertEquals(ROWS, ids.distinct().count());
    assertEquals(1L, Files.list(dir).filter(p -> p.getFileName().toString().equals("failed-once")).count(),
        "the fault was injected");
    assertTrue(Files.list(dir.resolve("retry")).noneMatch(p -> p.getFileName().toString().startsWith("_temporary")));
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

    @Override
    public Iterator<Long> call(Iterator<Long> in) throws Exception {
      TaskContext task = TaskContext.get();
      List<Long> out = new ArrayList<>();
      while (in.hasNext()) {
        out.add(in.next());
        if (task.partitionId() == 1 && task.attemptNumber() == 0 && out.size() == ROWS / 8) {
          Files.writeString(Path.of(marker), "x");
          throw new IllegalStateException("injected fault halfway through partition 1");
        }
      }
      return out.iterator();
    }
  }
}
