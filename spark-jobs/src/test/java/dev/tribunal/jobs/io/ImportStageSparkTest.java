package dev.tribunal.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.SparkTestBase;
import dev.tribunal.jobs.run.RunDirectory;
import dev.tribunal.jobs.run.RunLock;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageConflictException;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.run.StageRunner;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.schemas.PromptRow;
import dev.tribunal.schemas.RejectedRow;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportStageSparkTest extends SparkTestBase {
  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  /** One good record of each shape and one bad record of each kind, line numbers known. */
  private Path badInput() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : List.of(
        "{\"id\":\"a\",\"prompt\":\"one\"}",                                  // 1
        "{\"id\":\"b\",\"prompt\":\"two\"}",                                  // 2
        "{\"id\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"three\"}]}", // 3
        "{\"id\":\"x\",\"prompt\":",                                          // 4 invalid_json
        "{\"id\":\"d\"}",                                                     // 5 missing_prompt
        "{\"id\":\"e\",\"prompt\":\"\"}")) {                                  // 6 empty_prompt
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    out.write(new byte[] {'{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'}); // 7 invalid_utf8
    out.write(("{\"id\":\"f\",\"prompt\":\"" + "y".repeat(80) + "\"}\n").getBytes(StandardCharsets.UTF_8)); // 8 too_long
    out.write("{\"id\":\"a\",\"prompt\":\"again\"}\n".getBytes(StandardCharsets.UTF_8)); // 9 duplicate_id
    out.write("\n".getBytes(StandardCharsets.UTF_8)); // 10 blank: not a record
    out.write("{\"id\":\"g\",\"prompt\":5}\n".getBytes(StandardCharsets.UTF_8)); // 11 invalid_field
    Path file = dir.resolve("prompts.jsonl");
    Files.write(file, out.toByteArray());
    return file;
  }

  private RunDirectory run(String id) {
    return new RunDirectory(dir.resolve("runs").toString(), id, spark.sparkContext().hadoopConfiguration());
  }

  private ImportStage importOf(Path file, int maxChars, boolean strict) {
    List<String> paths = List.of(file.toUri().toString());
    return new ImportStage(paths, ImportStage.Format.JSONL, maxChars, PromptLineParser.PROMPT_FIELD, strict,
        InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration()));
  }

  @Test
  void everyBadKindIsRejectedOnceWithReasonAndLine() throws Exception {
    RunDirectory run = run("bad");
    StageRecord r = new StageRunner(spark, run, Set.of()).execute(importOf(badInput(), 50, false), 0);
    assertEquals(3L, r.rows());
    assertEquals(7L, r.rejectedRows());
    Map<String, Long> lineByReason = new TreeMap<>();
    for (Row row : spark.read().parquet(run.table(r.rejectedTable()).toString()).collectAsList()) {
      RejectedRow rej = RejectedRow.fromRow(row);
      assertTrue(rej.source().endsWith("prompts.jsonl"), rej.source());
      assertEquals(null, lineByReason.put(rej.reason().code(), rej.line()), "one row per kind");
    }
    assertEquals(Map.of("invalid_json", 4L, "missing_prompt", 5L, "empty_prompt", 6L, "invalid_utf8", 7L,
        "too_long", 8L, "duplicate_id", 9L, "invalid_field", 11L), lineByReason);
    List<String> ids = spark.read().parquet(run.table(r.output()).toString()).collectAsList().stream()
        .map(PromptRow::fromRow).map(p -> p.promptId() + "@" + p.sourceLine()).sorted().toList();
    assertEquals(List.of("a@1", "b@2", "c@3"), ids, "the first occurrence of a duplicate id is kept");
  }

  @Test
  void aOneMebibytePromptIsRejectedAsTooLongWithItsLineAndTheRestKept() throws Exception {
    Path file = dir.resolve("huge.jsonl");
    Files.writeString(file, "{\"id\":\"a\",\"prompt\":\"short\"}\n{\"id\":\"b\",\"prompt\":\"" + "y".repeat(1 << 20)
        + "\"}\n{\"id\":\"c\",\"prompt\":\"also short\"}\n");
    RunDirectory run = run("huge");
    StageRecord r = new StageRunner(spark, run, Set.of()).execute(importOf(file, 16000, false), 0);
    assertEquals(2L, r.rows());
    assertEquals(1L, r.rejectedRows());
    RejectedRow rej = RejectedRow.fromRow(spark.read().parquet(run.table(r.rejectedTable()).toString()).first());
    assertEquals("too_long", rej.reason().code());
    assertEquals(2L, rej.line());
  }

  @Test
  void rerunIsSkippedChangedConfigIsRefusedRedoRecomputesAndDropsDownstream() throws Exception {
    Path file = badInput();
    RunDirectory run = run("resume");
    StageRecord first = new StageRunner(spark, run, Set.of()).execute(importOf(file, 50, false), 0);
    StageRecord copy = new StageRunner(spark, run, Set.of()).execute(new CopyPrompts(), 0);
    assertTrue(copy.completed());

    StageRecord again = new StageRunner(spark, run, Set.of()).execute(importOf(file, 50, false), 0);
    assertEquals(first.finished(), again.finished(), "skipped, not recomputed");

    StageConflictException e = assertThrows(StageConflictException.class,
        () -> new StageRunner(spark, run, Set.of()).execute(importOf(file, 60, false), 0));
    assertTrue(e.getMessage().contains("config max_prompt_chars: 50 -> 60"), e.getMessage());
    assertTrue(e.getMessage().contains("--redo import"), e.getMessage());

    StageRecord redone = new StageRunner(spark, run, Set.of("import")).execute(importOf(file, 100, false), 0);
    assertNotEquals(first.fingerprint(), redone.fingerprint());
    assertEquals(4L, redone.rows(), "the long prompt is accepted at the higher limit");
    assertTrue(run.readManifest().find("copy", 0).isEmpty(), "downstream record dropped");
    assertFalse(run.fs().exists(run.table(new TableRef(0, "prompt_copy"))), "downstream table dropped");
  }

  @Test
  void strictFailsOnTheFirstBadLineAndCommitsNothing() throws Exception {
    Path file = badInput();
    RunDirectory run = run("strict");
    var e = assertThrows(ImportStage.InputRejectedException.class,
        () -> new StageRunner(spark, run, Set.of()).execute(importOf(file, 50, true), 0));
    assertTrue(e.getMessage().contains("prompts.jsonl:4: invalid_json"), e.getMessage());
    assertFalse(run.fs().exists(run.table(new TableRef(0, "prompts"))));
    assertEquals(StageRecord.Status.FAILED, run.readManifest().find("import", 0).orElseThrow().status());
  }

  @Test
  void parquetInputNamesFileAndRow() throws Exception {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("prompt", DataTypes.StringType);
    Path parquet = dir.resolve("in.parquet");
    spark.createDataFrame(List.of(RowFactory.create("p1", "hello"), RowFactory.create("p2", " ")), schema)
        .coalesce(1).write().parquet(parquet.toString());
    Path part = Files.list(parquet).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    List<String> paths = List.of(part.toUri().toString());
    var files = InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration());
    assertEquals(ImportStage.Format.PARQUET, InputFiles.detect(files));
    RunDirectory run = run("parquet");
    StageRecord r = new StageRunner(spark, run, Set.of())
        .execute(new ImportStage(paths, ImportStage.Format.PARQUET, 100, PromptLineParser.PROMPT_FIELD, false, files), 0);
    assertEquals(1L, r.rows());
    RejectedRow rej = RejectedRow.fromRow(spark.read().parquet(run.table(r.rejectedTable()).toString()).first());
    assertEquals("empty_prompt", rej.reason().code());
    assertEquals(2L, rej.line());
  }

  @Test
  void aSecondRunOnTheSameIdIsRefused() {
    RunDirectory run = run("locked");
    try (RunLock lock = RunLock.acquire(run)) {
      var e = assertThrows(RunLock.RunInUseException.class, () -> RunLock.acquire(run));
      assertTrue(e.getMessage().contains("in use by another process"), e.getMessage());
    }
    RunLock.acquire(run).close(); // released
  }

  private Path lines(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /** Imports a file of which nothing is accepted: refused, with the prompts table never committed. */
  private String refused(RunDirectory run, ImportStage stage) throws Exception {
    var e = assertThrows(ImportStage.InputRejectedException.class,
        () -> new StageRunner(spark, run, Set.of()).execute(stage, 0));
    assertFalse(run.fs().exists(run.table(new TableRef(0, "prompts"))), "no prompts table");
    StageRecord r = run.readManifest().find("import", 0).orElseThrow();
    assertEquals(StageRecord.Status.FAILED, r.status(), "not recorded as done");
    assertTrue(e.getMessage().contains("the rejected records are in " + run.table(r.rejectedTable())), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: the command prints the first line only");
    return e.getMessage();
  }

  @Test
  void aPreferencePairsCorpusIsRefusedNamingTheReasonAnExampleAndWhatItIs() throws Exception {
    Path file = lines("harmless-base.jsonl",
        "{\"chosen\": \"\\n\\nHuman: What is a pen?\\n\\nAssistant: A tool for writing.\", "
            + "\"rejected\": \"\\n\\nHuman: What is a pen?\\n\\nAssistant: No idea.\"}",
        "{\"chosen\": \"\\n\\nHuman: Hi\\n\\nAssistant: Hello!\", \"rejected\": \"\\n\\nHuman: Hi\\n\\nAssistant: Go away.\"}",
        "{\"chosen\": \"\\n\\nHuman: 2+2?\\n\\nAssistant: 4\", \"rejected\": \"\\n\\nHuman: 2+2?\\n\\nAssistant: 5\"}");
    RunDirectory run = run("pairs");
    String m = refused(run, importOf(file, 1000, false));
    assertTrue(m.startsWith("no record was accepted: all 3 were rejected, most for missing_prompt (3, e.g. "), m);
    assertTrue(m.contains("harmless-base.jsonl:1: no 'prompt' or 'messages' field"), m);
    assertTrue(m.contains("a corpus of preference pairs, not prompts"), m);
    assertTrue(m.contains("no field of their own for --prompt-field"), m);
    StageRecord r = run.readManifest().find("import", 0).orElseThrow();
    assertEquals(3L, spark.read().parquet(run.table(r.rejectedTable()).toString()).count(), "rejects kept");
  }

  @Test
  void alpacaEvalAnnotationsAreRefusedNamingTheFieldThatImportsThem() throws Exception {
    Path file = lines("annotations.jsonl",
        "{\"instruction\": \"Name a Broadway actor.\", \"output_1\": \"Hugh Jackman\", \"generator_1\": \"a\","
            + " \"output_2\": \"Nathan Lane\", \"generator_2\": \"b\", \"annotator\": \"gpt4\", \"preference\": 2.0}",
        "{\"instruction\": \"Say hi.\", \"output_1\": \"hi\", \"output_2\": \"hello\", \"preference\": 1.0}");
    RunDirectory run = run("alpaca");
    String m = refused(run, importOf(file, 1000, false));
    assertTrue(m.contains("missing_prompt (2, e.g. ") && m.contains("annotations.jsonl:1:"), m);
    assertTrue(m.contains("AlpacaEval annotations (instruction, output_1, output_2, preference):"
        + " import their prompts with --prompt-field instruction"), m);

    List<String> paths = List.of(file.toUri().toString());
    StageRecord r = new StageRunner(spark, run, Set.of()).execute(new ImportStage(paths, ImportStage.Format.JSONL,
        1000, "instruction", false, InputFiles.describe(paths, spark.sparkContext().hadoopConfiguration())), 0);
    assertTrue(r.completed());
    assertEquals(2L, r.rows(), "the mapped field imports them");
    assertEquals(0L, r.rejectedRows(), "the earlier rejects are replaced");
  }

  @Test
  void aPrettyPrintedJsonArrayIsNamedAsSuch() throws Exception {
    Path file = lines("annotations.json", "[", " {", "  \"instruction\": \"Name a Broadway actor.\",",
        "  \"output_1\": \"Hugh Jackman\",", "  \"output_2\": \"Nathan Lane\",", "  \"preference\": 2.0", " }", "]");
    String m = refused(run("array"), importOf(file, 1000, false));
    assertTrue(m.contains("all 8 were rejected, most for invalid_json (8, e.g. ") && m.contains("annotations.json:1:"), m);
    assertTrue(m.contains("the file is one JSON array, not JSON Lines"), m);
    assertTrue(m.contains("then these are AlpacaEval annotations"), m);
  }

  @Test
  void anEmptyInputIsNotRefused() throws Exception {
    StageRecord r = new StageRunner(spark, run("empty"), Set.of()).execute(importOf(lines("empty.jsonl"), 100, false), 0);
    assertTrue(r.completed());
    assertEquals(0L, r.rows());
  }

  /** A downstream stage, to see a redo drop what read the redone table. */
  static final class CopyPrompts implements Stage {
    @Override public String name() { return "copy"; }
    @Override public String table() { return "prompt_copy"; }
    @Override public List<TableRef> inputs() { return List.of(new TableRef(0, "prompts")); }
    @Override public JsonNode config() { return new ObjectMapper().createObjectNode(); }
    @Override public StageOutput run(StageContext c) { return StageOutput.of(c.read(new TableRef(0, "prompts"))); }
  }
}
