package dev.tribunal.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tribunal.jobs.ShippedSeed;
import dev.tribunal.jobs.nightly.Lineage;
import dev.tribunal.jobs.nightly.NightRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * tribunal nightly on the embedded world and the shipped seed, one small iteration a night: the
 * second night continues from the first night's final model, a completed night is not run again,
 * and a night whose attempt died holding its lock is resumed by the next attempt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyCommandSparkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path root;
  static Path config;

  /** Gold picks the pairs, so eight prompts always give the trainer some. */
  @BeforeAll
  static void files() throws IOException {
    root = dir.resolve("runs");
    config = dir.resolve("nightly.yaml");
    Files.writeString(config, String.join("\n",
        "spark:",
        "  master: \"local[2]\"",
        "  conf: {spark.sql.shuffle.partitions: \"2\", spark.ui.enabled: \"false\"}",
        "models:",
        "  checkpoint: " + ShippedSeed.path(),
        "world: {prompts: 8, held_out: 6, judge_examples: 4, meta_judge_examples: 2}",
        "meta_rewarding:",
        "  iterations: 1",
        "  k: 3",
        "  n: 1",
        "  batch_prompts: 4",
        "  partitions: 2",
        "  feedback: gold",
        "  meta_judging: false",
        "  actor: {temperature: 1.0, max_new_tokens: 16}",
        "  judge: {max_new_tokens: 48}",
        "  meta_judge: {max_new_tokens: 48}",
        "  dpo: {batch_size: 4}",
        ""));
  }

  static CliRun night(String date, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("nightly", "-q", "--root", root.toString(), "--lineage", "lin",
        "--night", date, "--config", config.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void theSecondNightContinuesFromTheFirstNightsFinalModelOnItsOwnPrompts() throws Exception {
    CliRun first = night("2026-01-01");
    assertEquals(0, first.code(), first.err());
    JsonNode one = record("2026-01-01");
    assertEquals("completed", one.get("status").asText());
    assertEquals("lin-2026-01-01", one.get("run_id").asText());
    assertEquals("seed", one.at("/start_model/version").asText());
    assertTrue(one.at("/start_model/from_night").isNull(), "the first night starts from the seed");
    String m1 = one.at("/final_model/version").asText();
    assertTrue(m1.startsWith("M1-"), m1);
    assertTrue(one.at("/final_model/checkpoint").asText().endsWith("lin-2026-01-01/models/iter=1"), one.toString());
    double win = one.at("/figures/gold_win_rate_vs_start").asDouble();
    assertTrue(one.at("/figures/gold_win_rate_vs_start_ci_low").asDouble() <= win
        && win <= one.at("/figures/gold_win_rate_vs_start_ci_high").asDouble(), one.toString());
    assertEquals(6, one.at("/figures/held_out_prompts").asInt());

    CliRun second = night("2026-01-02");
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains("starting from " + m1 + ", the final model of night 2026-01-01"), second.out());
    JsonNode two = record("2026-01-02");
    assertEquals("completed", two.get("status").asText());
    assertEquals(m1, two.at("/start_model/version").asText());
    assertEquals(one.at("/final_model/checkpoint").asText(), two.at("/start_model/checkpoint").asText());
    assertEquals("2026-01-01", two.at("/start_model/from_night").asText());
    assertEquals(two.at("/figures/exact_rate_start").asDouble(), one.at("/figures/exact_rate").asDouble(), 1e-12,
        "the second night's start is the first night's final model, on the same held-out prompts");
    assertNotEquals(prompts("lin-2026-01-01"), prompts("lin-2026-01-02"), "each night draws its own prompts");
    assertTrue(second.out().contains("lineage lin") && second.out().contains("2026-01-01 completed")
        && second.out().contains("2026-01-02 completed"), second.out());
  }

  @Test
  @Order(2)
  void aCompletedNightIsNotRunAgainAndStatusShowsTheLineage() throws Exception {
    String manifest = Files.readString(root.resolve("lin-2026-01-02/manifest.json"));
    String recorded = Files.readString(root.resolve("lin/night=2026-01-02.json"));
    CliRun again = night("2026-01-02");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("night 2026-01-02 of lineage lin completed before: nothing to do"), again.out());
    assertEquals(manifest, Files.readString(root.resolve("lin-2026-01-02/manifest.json")));
    assertEquals(recorded, Files.readString(root.resolve("lin/night=2026-01-02.json")));

    CliRun status = CliRun.of("status", "--root", root.toString(), "--lineage", "lin");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("2026-01-01 completed seed (seed)"), status.out());
  }

  @Test
  @Order(3)
  void aNightWhoseAttemptDiedHoldingTheLockIsResumedByTheNextAttempt() throws Exception {
    // The first attempt fails when it commits its checkpoint: a file stands where models/ must go.
    Path blocker = root.resolve("lin-2026-01-03/models");
    Files.createDirectories(blocker.getParent());
    Files.writeString(blocker, "not a directory");
    CliRun failed = night("2026-01-03");
    assertEquals(1, failed.code(), failed.out());
    assertTrue(failed.err().contains("cannot commit"), failed.err());
    Files.delete(blocker);
    assertEquals("failed", record("2026-01-03").get("status").asText());
    // As a process killed there would have left it: running, and its lock in place.
    Lineage lineage = new Lineage(root.toString(), "lin", new Configuration());
    NightRecord r = lineage.night(java.time.LocalDate.parse("2026-01-03")).orElseThrow();
    lineage.write(new NightRecord(r.lineage(), r.night(), r.runId(), NightRecord.RUNNING, r.startModel(), null,
        r.iterations(), r.prompts(), r.figures(), r.started(), null, r.attempts(), null));
    long dead = deadPid();
    Path lock = root.resolve("lin-2026-01-03/_lock");
    Files.writeString(lock, "{\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + dead
        + ",\"acquired\":\"" + Instant.now() + "\",\"heartbeat\":\"" + Instant.now() + "\",\"token\":\"t\"}");

    CliRun resumed = night("2026-01-03");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("attempt 2"), resumed.out());
    assertTrue(resumed.out().contains("sample") && resumed.out().lines()
        .filter(l -> l.contains("iter=0 sample")).allMatch(l -> l.contains("done before, skipped")), resumed.out());
    JsonNode three = record("2026-01-03");
    assertEquals("completed", three.get("status").asText());
    assertEquals(2, three.get("attempts").asInt());
    assertEquals(record("2026-01-02").at("/final_model/version").asText(), three.at("/start_model/version").asText());
    assertNull(three.get("error").textValue());
    assertFalse(Files.exists(lock), "the dead attempt's lock was broken and the new one released");
  }

  private static JsonNode record(String night) throws IOException {
    return JSON.readTree(root.resolve("lin/night=" + night + ".json").toFile());
  }

  private static Set<String> prompts(String runId) {
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      return spark.read().parquet(root.resolve(runId + "/iter=0/prompts").toString()).collectAsList().stream()
          .map(r -> r.<String>getAs("prompt_id")).collect(Collectors.toSet());
    } finally {
      spark.stop();
    }
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }
}
