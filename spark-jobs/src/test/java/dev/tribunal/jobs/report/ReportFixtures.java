package dev.tribunal.jobs.report;

import dev.tribunal.jobs.eval.Metric;
import dev.tribunal.jobs.run.Manifest;
import dev.tribunal.jobs.run.StageRecord;
import dev.tribunal.jobs.stages.CheckpointRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A hand-made two-iteration loop run with known figures, and a BOND and an RLAIF run. */
final class ReportFixtures {
  private ReportFixtures() {}

  static Metric m(int s, String section, String metric, double value, long count) {
    return new Metric(s, "M" + s, section, metric, value, count);
  }

  static StageRecord stage(String name, int t, String table, int sequence, double seconds) {
    return new StageRecord(name, t, table, StageRecord.Status.COMPLETED, sequence, "f" + sequence, null, 1L, null,
        "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", seconds, null);
  }

  static Manifest loopManifest() {
    return new Manifest("loop", "2026-01-01T00:00:00Z", List.of(
        stage("evaluate", 0, "eval", 1, 4.0), stage("sample", 0, "samples", 2, 30.0),
        stage("judge", 0, "judgments", 3, 50.0), stage("train", 0, "checkpoints", 4, 20.0),
        stage("evaluate", 1, "eval", 5, 5.0), stage("sample", 1, "samples", 6, 31.5)));
  }

  /** iter=0/eval and iter=1/eval of the loop run. */
  static java.util.SortedMap<Integer, List<Metric>> loopEvals() {
    java.util.SortedMap<Integer, List<Metric>> out = new TreeMap<>();
    out.put(0, List.of(m(0, "actor", "exact_rate", 0.5, 400), m(0, "actor", "mean_length_chars", 12.0, 400),
        m(0, "judge", "score_share_3", 0.75, 40), m(0, "judge", "score_share_5", 0.25, 40),
        m(0, "meta_judge", "first_position_share", 0.9, 20), m(0, "meta_judge", "flip_rate", 0.8, 10)));
    out.put(1, List.of(m(1, "actor", "exact_rate", 0.55, 400), m(1, "actor", "mean_length_chars", 14.5, 400),
        m(1, "actor", "gold_win_rate_vs_seed", 0.53, 400), m(1, "actor", "gold_win_rate_vs_seed_ci_low", 0.51, 400),
        m(1, "actor", "gold_win_rate_vs_seed_ci_high", 0.55, 400),
        m(1, "actor", "gold_win_rate_vs_previous", 0.53, 400), m(1, "actor", "gold_win_rate_vs_previous_ci_low", 0.51, 400),
        m(1, "actor", "gold_win_rate_vs_previous_ci_high", 0.55, 400)));
    return out;
  }

  static List<IterationFacts> loopIterations() {
    return List.of(
        new IterationFacts(0, Spread.of(10, 20, 30, 40), Spread.of(60, 80), Map.of("3", 6L, "5", 2L, "none", 2L), 0.75,
            0.5, Spread.of(900, 1000, 1100)),
        new IterationFacts(1, Spread.of(20, 40), Spread.of(70, 90), Map.of("3", 5L, "4", 5L), null, null, null));
  }

  static List<CheckpointRow> loopCheckpoints() {
    return List.of(new CheckpointRow(0, "M1-abc", "/m/1", "M0", "M0", "djl", 8, Map.of("steps", 3.0), List.of(
        Map.of("step", 1.0, "loss", 0.69, "rewards/accuracies", 0.5, "rewards/margins", 0.0),
        Map.of("step", 2.0, "skipped_batches", 1.0),
        Map.of("step", 3.0, "loss", 0.6, "rewards/accuracies", 0.75, "rewards/margins", 0.2))));
  }

  static RunFacts loop() {
    return new RunFacts("loop", "file:/runs/loop", loopManifest(), loopEvals(), loopIterations(), loopCheckpoints(),
        List.of(), List.of(), new TreeMap<>(), List.of());
  }

  static RunFacts bond() {
    java.util.SortedMap<Integer, List<Metric>> rounds = new TreeMap<>();
    rounds.put(0, List.of(m(0, "bond", "reward", 3.7, 200), m(0, "bond", "gold", 3.69, 200),
        m(0, "bond", "kl_to_reference", 0.0, 0)));
    rounds.put(1, List.of(m(1, "bond", "reward", 3.8, 200), m(1, "bond", "gold", 3.77, 200),
        m(1, "bond", "kl_to_reference", 0.153, 200)));
    List<Metric> bestOfN = List.of(m(0, "best_of_n", "reward@1", 3.66, 200), m(0, "best_of_n", "gold@1", 3.66, 200),
        m(0, "best_of_n", "exact@1", 0.4, 200), m(0, "best_of_n", "reward@4", 4.14, 200),
        m(0, "best_of_n", "gold@4", 4.14, 200), m(0, "best_of_n", "exact@4", 0.6, 200));
    return new RunFacts("bn", "file:/runs/bn", new Manifest("bn", "2026-01-01T00:00:00Z", List.of()), new TreeMap<>(),
        List.of(), List.of(), List.of(), List.of(), rounds, bestOfN);
  }

  static RunFacts rlaif() {
    List<Metric> labels = List.of(m(0, "labeler", "alignment", 0.526, 2000), m(0, "labeler", "alignment_low", 0.504, 2000),
        m(0, "labeler", "alignment_high", 0.547, 2000), m(0, "labeler", "position_bias_rate", 0.917, 2000),
        m(0, "labeler", "coverage", 0.99, 2000), m(0, "labeler", "missing.context_overflow", 0.01, 20));
    CheckpointRow rm = new CheckpointRow(0, "RM-1", "/m/rm", "M0", "human", "djl-reward", 1800,
        Map.of("heldout/accuracy", 0.73, "heldout/decisive_pairs", 200.0), List.of(Map.of("step", 1.0, "loss", 0.7)));
    return new RunFacts("rl", "file:/runs/rl", new Manifest("rl", "2026-01-01T00:00:00Z", List.of()), new TreeMap<>(),
        List.of(), List.of(), List.of(rm), labels, new TreeMap<>(), List.of());
  }

  /** Every kind of figure in one run, so one page draws every kind of chart. */
  static RunFacts everything() {
    RunFacts loop = loop();
    RunFacts bond = bond();
    RunFacts rlaif = rlaif();
    return new RunFacts("everything", "file:/runs/everything", loop.manifest(), loop.evaluations(), loop.iterations(),
        loop.checkpoints(), rlaif.rewardModels(), rlaif.labelEvaluations(), bond.bondRounds(), bond.bestOfN());
  }
}
