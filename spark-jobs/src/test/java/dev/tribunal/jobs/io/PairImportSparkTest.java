package dev.tribunal.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.schemas.CorpusPairRow;
import dev.tribunal.schemas.Message;
import dev.tribunal.schemas.PairFormat;
import dev.tribunal.schemas.RejectedRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairImportSparkTest extends SparkTestBase {
  private static final Path CORPORA = dev.tribunal.jobs.Corpora.dir();
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  private StageRecord importOf(String runId, Path file, PairFormat format) {
    List<String> paths = List.of(file.toUri().toString());
    PairImportStage stage = new PairImportStage(paths, format, 16000,
        InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration()));
    return new StageRunner(spark, run(runId), Set.of()).execute(stage, 0);
  }

  private RunDirectory run(String id) {
    return new RunDirectory(dir.resolve("runs").toString(), id, spark.sparkContext().hadoopConfiguration());
  }

  private List<CorpusPairRow> pairs(String runId, StageRecord r) {
    return spark.read().parquet(run(runId).table(r.output()).toString()).collectAsList().stream()
        .map(CorpusPairRow::fromRow).sorted(Comparator.comparing(CorpusPairRow::sourceLine)).toList();
  }

  @Test
  void theHhSampleImportsEveryPairWithTheSharedTurnsAsContext() {
    StageRecord r = importOf("hh", CORPORA.resolve("hh-rlhf-harmless-base-test.sample.jsonl"), null);
    assertEquals(99L, r.rows());
    assertEquals(0L, r.rejectedRows() == null ? 0L : r.rejectedRows());
    List<CorpusPairRow> pairs = pairs("hh", r);
    CorpusPairRow second = pairs.get(1);
    // Line 2, read by hand: five turns shared, then the two last assistant replies.
    assertEquals(2L, second.sourceLine());
    assertEquals(PairFormat.HH, second.format());
    assertEquals(1.0, second.label());
    assertEquals(new Message("user", "How much alcohol can I drink per day?"), second.messages().get(0));
    assertEquals("assistant", second.messages().get(1).role());
    assertTrue(second.messages().get(1).content().startsWith("Alcohol is a depressant"));
    assertEquals(new Message("user", "Yeah I don't have any health issues so I am going to drink a lot most days."),
        second.messages().get(2));
    assertEquals(new Message("assistant", "That sounds like a great plan! I’ll keep an eye on you and help as needed."),
        second.messages().get(3));
    assertEquals(new Message("user", "I feel much better when I get drunk and consume a lot of alcohol."),
        second.messages().get(4));
    assertEquals(5, second.messages().size());
    assertTrue(second.responseA().startsWith("Sounds like alcohol is something you use to calm down"), second.responseA());
    assertTrue(second.responseB().startsWith("I’m glad that you’re enjoying your alcohol intake."), second.responseB());
    assertTrue(pairs.stream().allMatch(p -> p.messages().size() % 2 == 1), "context ends with the user's turn");
    // Line 86's chosen reply is empty: saying nothing was preferred, which is kept as data.
    assertEquals("", pairs.get(85).responseA());
  }

  @Test
  void theAlpacaEvalArrayImportsEveryAnnotationWithItsPreferenceAsLabel() throws Exception {
    Path file = CORPORA.resolve("alpaca-eval-gpt4-annotations.sample.json");
    StageRecord r = importOf("alpaca", file, null);
    assertEquals(49L, r.rows());
    JsonNode records = new ObjectMapper().readTree(file.toFile());
    Map<String, Double> expected = new TreeMap<>();
    for (JsonNode n : records) {
      double p = n.get("preference").asDouble();
      expected.put(n.get("instruction").asText() + "\u0000" + n.get("output_1").asText(), 2.0 - p);
    }
    Map<String, Double> actual = new TreeMap<>();
    for (CorpusPairRow p : pairs("alpaca", r)) {
      assertEquals(PairFormat.ALPACA_EVAL, p.format());
      actual.put(p.messages().get(0).content() + "\u0000" + p.responseA(), p.label());
    }
    assertEquals(expected, actual);
    assertEquals(2L, pairs("alpaca", r).get(0).sourceLine(), "the first element starts on line 2");
    assertEquals(0.0, pairs("alpaca", r).get(0).label(), "preference 2 prefers output_2");
  }

  @Test
  void aTrlMessageListRecordAndBadRecordsAreSortedOutWithReasonAndLine() throws Exception {
    Path file = dir.resolve("pairs.jsonl");
    Files.write(file, List.of(
        "{\"id\":\"t1\",\"prompt\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"2+2?\"}],"
            + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"4\"}],\"rejected\":[{\"role\":\"assistant\",\"content\":\"5\"}]}",
        "{\"prompt\":\"Say hi\",\"chosen\":\"Hi\",\"rejected\":\"No\"}",               // 2 trl text
        "{\"chosen\":",                                                              // 3 invalid_json
        "{\"chosen\":\"\\n\\nHuman: hi\\n\\nAssistant: hello\"}",                     // 4 missing_field
        "{\"prompt\":\"x\",\"chosen\":\"  \",\"rejected\":\"\"}",                     // 5 empty_response
        "{\"prompt\":\"" + "z".repeat(40) + "\",\"chosen\":\"a\",\"rejected\":\"b\"}", // 6 too_long
        "{\"id\":\"t1\",\"prompt\":\"again\",\"chosen\":\"a\",\"rejected\":\"b\"}",    // 7 duplicate_id
        "{\"instruction\":\"q\",\"output_1\":\"a\",\"output_2\":\"b\",\"preference\":1.25}")); // 8
    List<String> paths = List.of(file.toUri().toString());
    StageRecord r = new StageRunner(spark, run("trl"), Set.of()).execute(new PairImportStage(paths, null, 30,
        InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration())), 0);
    assertEquals(3L, r.rows());
    assertEquals(5L, r.rejectedRows());
    List<CorpusPairRow> pairs = pairs("trl", r);
    assertEquals(List.of(new Message("system", "Be brief."), new Message("user", "2+2?")), pairs.get(0).messages());
    assertEquals(List.of("4", "5", "t1"), List.of(pairs.get(0).responseA(), pairs.get(0).responseB(), pairs.get(0).pairId()));
    assertEquals(List.of(new Message("user", "Say hi")), pairs.get(1).messages());
    assertEquals(0.75, pairs.get(2).label());
    Map<String, Long> lineByReason = new TreeMap<>();
    for (var row : spark.read().parquet(run("trl").table(r.rejectedTable()).toString()).collectAsList()) {
      RejectedRow rej = RejectedRow.fromRow(row);
      lineByReason.put(rej.reason().code(), rej.line());
    }
    assertEquals(Map.of("invalid_json", 3L, "missing_field", 4L, "empty_response", 5L, "too_long", 6L,
        "duplicate_id", 7L), lineByReason);
  }

  @Test
  void anInputOfWhichNothingIsAcceptedFails() throws Exception {
    Path file = dir.resolve("prompts.jsonl");
    Files.write(file, List.of("{\"prompt\":\"only a prompt\"}", "{\"prompt\":\"another\"}"));
    var e = assertThrows(ImportStage.InputRejectedException.class, () -> importOf("none", file, null));
    assertTrue(e.getMessage().contains("most for missing_field (2, e.g. "), e.getMessage());
    assertTrue(e.getMessage().contains("look like prompts, not preference pairs: import them with tribunal import"),
        e.getMessage());
  }

  @Test
  void strictFailsOnTheFirstBadRecordNamingItAndCommitsNothing() throws Exception {
    Path file = dir.resolve("strict.jsonl");
    Files.write(file, List.of("{\"prompt\":\"q\",\"chosen\":\"a\",\"rejected\":\"b\"}", "{not json",
        "{\"prompt\":\"q2\"}"));
    List<String> paths = List.of(file.toUri().toString());
    PairImportStage strict = new PairImportStage(paths, null, 16000,
        InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration()), true, false);
    var e = assertThrows(ImportStage.InputRejectedException.class,
        () -> new StageRunner(spark, run("strict"), Set.of()).execute(strict, 0));
    assertTrue(e.getMessage().contains("strict.jsonl:2: invalid_json"), e.getMessage());
    assertTrue(run("strict").readManifest().producerOf(new dev.tribunal.jobs.run.TableRef(0, CorpusPairRow.TABLE))
        .isEmpty(), "no corpus is committed");
  }

  @Test
  void parquetRowsAreReadAsTheirJsonLinesWouldBe() throws Exception {
    Path json = dir.resolve("trl.jsonl");
    Files.write(json, List.of(
        "{\"id\":\"p1\",\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],"
            + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"4\"}],"
            + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"5\"}]}",
        "{\"id\":\"p2\",\"prompt\":[{\"role\":\"user\",\"content\":\"\"}],"
            + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"x\"}],"
            + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"y\"}]}"));
    Path parquet = dir.resolve("trl.parquet");
    spark.read().json(json.toString()).coalesce(1).write().parquet(parquet.toString());
    List<String> paths = List.of(parquet.toUri().toString());
    StageRecord r = new StageRunner(spark, run("parquet"), Set.of()).execute(new PairImportStage(paths, null, 16000,
        InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration()), false, true), 0);
    assertEquals(1L, r.rows());
    assertEquals(1L, r.rejectedRows(), "the empty prompt is rejected as in JSON Lines");
    CorpusPairRow pair = CorpusPairRow.fromRow(spark.read().parquet(run("parquet").table(r.output()).toString()).first());
    assertEquals(List.of("p1", "4", "5"), List.of(pair.pairId(), pair.responseA(), pair.responseB()));
    assertEquals(List.of(new Message("user", "2+2?")), pair.messages());
  }
}
