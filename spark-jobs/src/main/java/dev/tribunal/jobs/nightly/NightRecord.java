package dev.tribunal.jobs.nightly;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.tribunal.jobs.eval.Metric;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One night of a lineage, as written to {@code <root>/<lineage>/night=<YYYY-MM-DD>.json}: which run
 * it is, the model it started from and the one it ended with, how that final model did on the
 * held-out prompts against the starting model, and whether it is running, completed or failed.
 *
 * @param status running (also a night whose process died), completed or failed
 * @param prompts where the training prompts came from: the world's stream of the night, or the files imported
 * @param figures the final model's held-out figures; {@code gold_win_rate_vs_start} (with its 95% interval) compares
 *     it item by item with the starting model, the previous night's final model
 * @param attempts how many times the night was started
 * @param error the last failure's message, while the night is failed
 */
public record NightRecord(String lineage, String night, String runId, String status, Model startModel,
    Model finalModel, int iterations, String prompts, Map<String, Double> figures, String started, String finished,
    int attempts, String error) {
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  /** The loop's figures of M_0 and of the final model this record keeps, by the name it keeps them under. */
  private static final Map<String, String> FIGURES = figureNames();

  public NightRecord {
    Objects.requireNonNull(startModel, "start model");
    figures = figures == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(figures));
  }

  /**
   * A model of the lineage.
   *
   * @param fromNight the night whose final model it is; null for the lineage's seed
   */
  public record Model(String version, String checkpoint, String fromNight) {
    public Model {
      Objects.requireNonNull(version, "model version");
    }

    String describe() {
      return version + (fromNight == null ? " (seed)" : " (night " + fromNight + ")");
    }
  }

  @JsonIgnore
  public boolean completed() {
    return COMPLETED.equals(status);
  }

  /** Another attempt at this night, from the model it started from the first time. */
  NightRecord retried(Instant now) {
    return new NightRecord(lineage, night, runId, RUNNING, startModel, null, iterations, prompts, Map.of(),
        now.toString(), null, attempts + 1, null);
  }

  public NightRecord completed(Model last, List<Metric> start, List<Metric> end, Instant now) {
    return new NightRecord(lineage, night, runId, COMPLETED, startModel, last, iterations, prompts, figures(start, end),
        started, now.toString(), attempts, null);
  }

  public NightRecord failed(String message, Instant now) {
    return new NightRecord(lineage, night, runId, FAILED, startModel, null, iterations, prompts, Map.of(), started,
        now.toString(), attempts, message);
  }

  /** The actor's held-out figures of the starting model (suffix _start) and of the final model. */
  static Map<String, Double> figures(List<Metric> start, List<Metric> end) {
    Map<String, Double> out = new LinkedHashMap<>();
    pick(start, out, "_start");
    pick(end, out, "");
    return out;
  }

  private static void pick(List<Metric> metrics, Map<String, Double> out, String suffix) {
    for (Metric m : metrics) {
      String name = FIGURES.get(m.section() + "." + m.metric());
      if (name == null || (!suffix.isEmpty() && name.contains("vs_start"))) continue;
      out.put(name + suffix, m.value());
      if (name.equals("exact_rate") && suffix.isEmpty()) out.put("held_out_prompts", (double) m.count());
    }
  }

  private static Map<String, String> figureNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("actor.exact_rate", "exact_rate");
    m.put("actor.mean_gold_score", "mean_gold_score");
    // In the night's run M_0 is the model the night started from: the loop's "seed".
    m.put("actor.gold_win_rate_vs_seed", "gold_win_rate_vs_start");
    m.put("actor.gold_win_rate_vs_seed_ci_low", "gold_win_rate_vs_start_ci_low");
    m.put("actor.gold_win_rate_vs_seed_ci_high", "gold_win_rate_vs_start_ci_high");
    m.put("actor.sign_test_p_vs_seed", "sign_test_p_vs_start");
    return Map.copyOf(m);
  }
}
