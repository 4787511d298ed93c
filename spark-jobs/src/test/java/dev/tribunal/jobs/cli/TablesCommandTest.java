package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tribunal tables: a run's tables as JSON Lines or CSV, whole or not at all, and clear refusals. */
class TablesCommandTest {
  @TempDir static Path dir;
  static String root;

  /** A small run: an import of two prompts and one bad line gives iter=0/prompts and iter=0/rejected_import. */
  @BeforeAll
  static void importPrompts() throws Exception {
    Path input = dir.resolve("p.jsonl");
    Files.writeString(input, "{\"prompt\":\"a, \\\"quoted\\\"\\nsecond line\",\"metadata\":{\"k\":\"v\"}}\n"
        + "{\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}\nnot json\n");
    root = dir.resolve("runs").toString();
    CliRun r = CliRun.of(args("import", input.toString()));
    assertEquals(0, r.code(), r.err());
  }

  private static String[] args(String command, String... more) {
    return Stream.concat(Stream.of(command, "-q", "--root", root, "--run-id", "t", "--set", "spark.master=local[1]",
        "--set", "spark.conf.spark.sql.shuffle.partitions=2"), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void everyTableBecomesJsonLinesWithNullsKeptBesideTheManifest() throws Exception {
    Path to = dir.resolve("json");
    CliRun r = CliRun.of(args("tables", "--to", to.toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("wrote 2 tables (3 rows)"), r.out());
    assertEquals(Files.readString(dir.resolve("runs/t/manifest.json")), Files.readString(to.resolve("manifest.json")));
    List<JsonNode> prompts = lines(to.resolve("iter=0/prompts.jsonl"));
    assertEquals(2, prompts.size());
    JsonNode text = prompts.stream().filter(p -> !p.get("text").isNull()).findFirst().orElseThrow();
    assertEquals("a, \"quoted\"\nsecond line", text.get("text").asText());
    assertEquals("v", text.at("/metadata/k").asText(), "a map stays an object");
    assertTrue(text.has("messages") && text.get("messages").isNull(), "a null column is kept: " + text);
    JsonNode chat = prompts.stream().filter(p -> p.get("text").isNull()).findFirst().orElseThrow();
    assertEquals("b", chat.at("/messages/0/content").asText());
    List<JsonNode> rejected = lines(to.resolve("iter=0/rejected_import.jsonl"));
    assertEquals(1, rejected.size());
    assertEquals("invalid_json", rejected.get(0).get("reason").asText(), rejected.toString());
    try (Stream<Path> files = Files.walk(to)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no checksum or partial files");
    }
    try (Stream<Path> beside = Files.list(dir)) {
      assertTrue(beside.noneMatch(f -> f.getFileName().toString().endsWith(".partial")), "no staging folder left");
    }
  }

  @Test
  void csvHasAHeaderQuotesWhatNeedsItAndWritesNestedColumnsAsJson() throws Exception {
    Path to = dir.resolve("csv");
    CliRun r = CliRun.of(args("tables", "--to", to.toString(), "--format", "csv", "--table", "prompts"));
    assertEquals(0, r.code(), r.err());
    String csv = Files.readString(to.resolve("iter=0/prompts.csv"));
    assertTrue(csv.startsWith("prompt_id,text,messages,source,source_line,metadata\n"), csv);
    assertTrue(csv.contains("\"a, \"\"quoted\"\"\nsecond line\""),
        "commas, quotes (doubled, RFC 4180) and newlines stay in one cell: " + csv);
    assertTrue(csv.contains("\"[{\"\"role\"\":\"\"user\"\",\"\"content\"\":\"\"b\"\"}]\""), "messages as JSON text: " + csv);
    assertFalse(Files.exists(to.resolve("iter=0/rejected_import.csv")), "--table picks tables");
  }

  @Test
  void aSecondExportReplacesTheFirstWhole() throws Exception {
    Path to = dir.resolve("again");
    assertEquals(0, CliRun.of(args("tables", "--to", to.toString())).code());
    CliRun r = CliRun.of(args("tables", "--to", to.toString(), "--table", "rejected_import"));
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(to.resolve("iter=0/prompts.jsonl")), "nothing of the earlier export is left");
    assertTrue(Files.exists(to.resolve("iter=0/rejected_import.jsonl")));
  }

  @Test
  void unknownRunsTablesAndFoldersThatAreNotExportsAreRefusedNamingThem() throws Exception {
    CliRun run = CliRun.of("tables", "-q", "--root", root, "--run-id", "nosuch", "--to", dir.resolve("x").toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("no run at") && run.err().contains("nosuch") && run.err().contains("manifest.json"), run.err());
    CliRun table = CliRun.of(args("tables", "--to", dir.resolve("y").toString(), "--table", "sampels"));
    assertEquals(2, table.code(), table.err());
    assertTrue(table.err().contains("--table sampels") && table.err().contains("it has: prompts, rejected_import"), table.err());
    Path foreign = Files.createDirectories(dir.resolve("home"));
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    CliRun refused = CliRun.of(args("tables", "--to", foreign.toString()));
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("is not a table export"), refused.err());
    assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")));
    CliRun format = CliRun.of(args("tables", "--to", dir.resolve("z").toString(), "--format", "xml"));
    assertEquals(2, format.code(), format.err());
    assertTrue(format.err().contains("--format") && format.err().contains("jsonl"), format.err());
  }

  @Test
  void helpSaysWhatIsWrittenWhere() {
    CliRun r = CliRun.of("tables", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Usage: tribunal tables") && r.out().contains("iter=<t>/<table>.jsonl")
        && r.out().contains("--format"), r.out());
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    return Files.readAllLines(file).stream().map(l -> {
      try {
        return json.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(file + ": " + l, e);
      }
    }).toList();
  }
}
