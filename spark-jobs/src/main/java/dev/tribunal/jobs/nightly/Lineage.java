package dev.tribunal.jobs.nightly;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.jobs.run.RunDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * A lineage of nightly runs: night after night, each continues from the final model of the newest
 * earlier night that completed (the seed for the first). Its record is one JSON file per night
 * under {@code <root>/<name>/}, each written only by its own night's run while it holds the run's
 * lock, so nights never overwrite each other's records; the lineage is the nights read together.
 */
public final class Lineage {
  private static final String PREFIX = "night=";
  private static final String SUFFIX = ".json";

  private final String name;
  private final RunDirectory dir;

  public Lineage(String root, String name, Configuration conf) {
    this.name = checkName(name);
    this.dir = new RunDirectory(root, name, conf);
  }

  /** A lineage name: a path segment, and with "-YYYY-MM-DD" a run id (see run.id). */
  public static String checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
      throw new ConfigException("--lineage: '" + name + "' is not allowed; use letters, digits, '.', '_' and '-'"
          + " (max 101), starting with a letter or digit");
    }
    return name;
  }

  /** The night named (YYYY-MM-DD), or today's date in UTC. */
  public static LocalDate night(String text, Clock clock) {
    if (text == null) return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException("--night: '" + text + "' is not a date of the form YYYY-MM-DD");
    }
  }

  /** The run of a night: {@code <lineage>-<YYYY-MM-DD>}. */
  public static String runId(String name, LocalDate night) {
    return checkName(name) + "-" + night;
  }

  /** Where the lineage's records are. */
  public String uri() {
    return dir.uri();
  }

  public Optional<NightRecord> night(LocalDate night) {
    return dir.readJson(file(night), NightRecord.class);
  }

  /** Every night recorded, oldest first. */
  public List<NightRecord> nights() {
    List<NightRecord> out = new ArrayList<>();
    for (String f : dir.list(PREFIX, SUFFIX)) dir.readJson(f, NightRecord.class).ifPresent(out::add);
    return out;
  }

  /**
   * Starts (or starts again) a night and records it as running: a night tried before keeps the
   * model it first started from, so a resumed run has the fingerprints of the first attempt; a new
   * night starts from the final model of the newest earlier night that completed, or from seed.
   * Call it while holding the night's run lock.
   */
  public NightRecord begin(LocalDate night, NightRecord.Model seed, int iterations, String prompts, Instant now) {
    NightRecord record = night(night).map(r -> r.retried(now)).orElseGet(() -> new NightRecord(name, night.toString(),
        runId(name, night), NightRecord.RUNNING, startOf(night, seed), null, iterations, prompts, Map.of(),
        now.toString(), null, 1, null));
    write(record);
    return record;
  }

  /** The final model of the newest night before this one that completed, or the seed. */
  NightRecord.Model startOf(LocalDate night, NightRecord.Model seed) {
    NightRecord.Model start = seed;
    for (NightRecord r : nights()) {
      if (r.completed() && LocalDate.parse(r.night()).isBefore(night)) {
        start = new NightRecord.Model(r.finalModel().version(), r.finalModel().checkpoint(), r.night());
      }
    }
    return start;
  }

  public void write(NightRecord record) {
    dir.writeJson(file(LocalDate.parse(record.night())), record);
  }

  /** The nights as a table: status, models, the final model's exact rate and its win rate against the start. */
  public String describe() {
    List<NightRecord> nights = nights();
    StringBuilder b = new StringBuilder("lineage " + name + " (" + dir.uri() + "):\n");
    if (nights.isEmpty()) return b.append("  no nights yet\n").toString();
    b.append(String.format(Locale.ROOT, "  %-10s %-9s %-24s %-24s %-13s %s%n", "night", "status", "start model",
        "final model", "exact rate", "gold win rate vs start (95%)"));
    for (NightRecord r : nights) {
      Map<String, Double> f = r.figures();
      String exact = f.containsKey("exact_rate") ? fmt(f.get("exact_rate_start")) + " -> " + fmt(f.get("exact_rate")) : "-";
      String win = f.containsKey("gold_win_rate_vs_start") ? fmt(f.get("gold_win_rate_vs_start")) + " ("
          + fmt(f.get("gold_win_rate_vs_start_ci_low")) + "-" + fmt(f.get("gold_win_rate_vs_start_ci_high")) + ")" : "-";
      b.append(String.format(Locale.ROOT, "  %-10s %-9s %-24s %-24s %-13s %s%n", r.night(), r.status(),
          r.startModel().describe(), r.finalModel() == null ? "-" : r.finalModel().version(), exact, win));
      if (r.error() != null) b.append("             ").append(r.error()).append('\n');
    }
    return b.toString();
  }

  private static String fmt(Double v) {
    return v == null ? "?" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String file(LocalDate night) {
    return PREFIX + night + SUFFIX;
  }
}
