package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.CheckpointRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tribunal report on a hand-made run directory: the figures it reads from the run's tables and
 * manifest land in report.json and in report.html's data, and an unknown run is named.
 */
class ReportCommandSparkTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void session() {
    start("local[1]");
  }

  @Test
  void theReportOfARunHoldsTheFiguresOfItsTables() throws Exception {
    RunDirectory run = new RunDirectory(dir.toString(), "r", spark.sparkContext().hadoopConfiguration());
    List<StageRecord> stages = new ArrayList<>();
    write(run, stages, "sample", new TableRef(0, "samples"), new StructType().add("char_count", DataTypes.IntegerType),
        List.of(RowFactory.create(10), RowFactory.create(20), RowFactory.create(30), RowFactory.create(40)), 12.5);
    write(run, stages, "judge", new TableRef(0, "judgments"), new StructType().add("judgment_id", DataTypes.StringType)
        .add("score", DataTypes.IntegerType).add("char_count", DataTypes.IntegerType),
        List.of(RowFactory.create("j1", 4, 60), RowFactory.create("j2", 4, 80), RowFactory.create("j3", 2, 70),
            RowFactory.create("j4", null, 90)), 20.0);
    StructType battles = new StructType().add("judgment_a_id", DataTypes.StringType)
        .add("judgment_b_id", DataTypes.StringType).add("winner", DataTypes.StringType);
    // Both orders of (j1, j2): A both times, a flip; (j1, j3): j1 both times, no flip; one unparsed.
    write(run, stages, "meta-judge", new TableRef(0, "meta_judgments"), battles, List.of(
        RowFactory.create("j1", "j2", "A"), RowFactory.create("j2", "j1", "A"), RowFactory.create("j1", "j3", "A"),
        RowFactory.create("j3", "j1", "B"), RowFactory.create("j2", "j3", null)), 7.0);
    write(run, stages, "battle", new TableRef(0, "ratings"), new StructType().add("rating", DataTypes.DoubleType),
        List.of(RowFactory.create(950.0), RowFactory.create(1000.0), RowFactory.create(1050.0)), 1.0);
    write(run, stages, "train", new TableRef(0, CheckpointRow.TABLE), CheckpointRow.SCHEMA, List.of(
        new CheckpointRow(0, "M1-x", "/m", "M0", "M0", "djl", 4, Map.of("steps", 2.0),
            List.of(Map.of("step", 1.0, "loss", 0.69), Map.of("step", 2.0, "loss", 0.5))).toRow()), 30.0);
    write(run, stages, "evaluate", new TableRef(1, Metric.TABLE), Metric.SCHEMA, List.of(
        new Metric(1, "M1-x", "actor", "exact_rate", 0.25, 100).toRow(),
        new Metric(1, "M1-x", "actor", "gold_win_rate_vs_seed", 0.6, 100).toRow()), 3.0);
    run.writeManifest(new Manifest("r", "2026-01-01T00:00:00Z", stages));

    CliRun r = CliRun.of("report", "--root", dir.toString(), "--run-id", "r", "--set", "spark.master=local[1]");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("report: ") && r.out().contains("report.html"), r.out());

    JsonNode json = JSON.readTree(dir.resolve("r/report.json").toFile());
    assertEquals(25.0, series(json, "response_length", 0).get("values").get(0).asDouble());
    assertEquals(75.0, series(json, "judgment_length", 0).get("values").get(0).asDouble());
    assertEquals("score 2", series(json, "judge_scores", 2).get("name").asText());
    assertEquals(0.25, series(json, "judge_scores", 2).get("values").get(0).asDouble());
    assertEquals(0.5, series(json, "judge_scores", 4).get("values").get(0).asDouble());
    assertEquals("no score (parse failure)", series(json, "judge_scores", 6).get("name").asText());
    assertEquals(0.25, series(json, "judge_scores", 6).get("values").get(0).asDouble());
    assertEquals(0.75, series(json, "meta_judge", 0).get("values").get(0).asDouble(), 1e-12); // 3 of 4 decided won by A
    assertEquals(0.5, series(json, "meta_judge", 1).get("values").get(0).asDouble(), 1e-12); // 1 of 2 swapped pairs
    assertEquals("[[950.0,950.0,1000.0,1050.0,1050.0]]", series(json, "ratings", 0).get("boxes").toString());
    assertEquals("[0.69,0.5]", series(json, "policy_loss", 0).get("values").toString());
    assertEquals(0.6, series(json, "win_rate", 0).get("values").get(0).asDouble());
    assertEquals("[12.5,20.0,7.0,1.0,30.0,3.0]", stageSeconds(json));

    String html = Files.readString(dir.resolve("r/report.html"));
    int from = html.indexOf("<script id=\"report-data\" type=\"application/json\">");
    String embedded = html.substring(html.indexOf('>', from) + 1, html.indexOf("</script>", from));
    assertEquals(json, JSON.readTree(embedded));
  }

  @Test
  void anUnknownRunIsNamed() {
    CliRun r = CliRun.of("report", "--root", dir.toString(), "--run-id", "nope");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no run 'nope' under " + dir), r.err());
  }

  /** Writes a table as a completed stage would and records the stage. */
  private static void write(RunDirectory run, List<StageRecord> stages, String stage, TableRef table, StructType schema,
      List<Row> rows, double seconds) {
    spark.createDataFrame(rows, schema).write().parquet(run.table(table).toString());
    stages.add(new StageRecord(stage, table.iteration(), table.name(), StageRecord.Status.COMPLETED, stages.size() + 1,
        "f", null, (long) rows.size(), null, "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", seconds, null));
  }

  private static JsonNode series(JsonNode report, String chart, int i) {
    for (JsonNode s : report.get("sections")) {
      for (JsonNode c : s.get("charts")) if (c.get("id").asText().equals(chart)) return c.get("series").get(i);
    }
    throw new AssertionError("no chart " + chart);
  }

  private static String stageSeconds(JsonNode report) {
    List<Double> all = new ArrayList<>();
    for (JsonNode s : series(report, "stage_seconds", 0).get("values")) if (!s.isNull()) all.add(s.asDouble());
    for (JsonNode s : series(report, "stage_seconds", 1).get("values")) if (!s.isNull()) all.add(s.asDouble());
    return all.toString().replace(" ", "");
  }
}
