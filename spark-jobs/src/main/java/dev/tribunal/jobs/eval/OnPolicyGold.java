package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How well the judge and meta-judge did where the loop uses them: on the actor's own samples of
 * one iteration, not on a balanced evaluation set. Gold is re-derived for every sample after the
 * fact (world prompts only); it never reaches the loop.
 *
 * <ul>
 *   <li>judge within-prompt pairwise accuracy: for two samples of one prompt with different gold
 *       scores, does the mean judge score order them as gold does? Pairs the judge scores equally
 *       are ties, reported apart (they give no pair to train on). Overall and per family.
 *   <li>judge Spearman with gold per response, and its score distribution: a judge whose scores
 *       collapse onto one value shows here while its balanced-set figures may not move.
 *   <li>meta-judge accuracy on the loop's own battles: the winner should be the judgment whose score
 *       is closer to the response's gold score (battles where both are equally close are not counted).
 * </ul>
 */
public final class OnPolicyGold {
  /** The section these figures go under in an evaluation. */
  public static final String SECTION = "on_policy";
  /** A judge whose most frequent score covers more of its verdicts than this has collapsed. */
  public static final double COLLAPSE_SHARE = 0.8;

  /** A candidate response (not excluded) of the iteration. */
  public record Sample(String sampleId, String promptId, String response) {}

  /** A judgment: its response and its parsed score (null when it did not parse). */
  public record Judgment(String judgmentId, String sampleId, Integer score) {}

  /** A meta-judgment between two judgments, its parsed winner (null when it did not parse). */
  public record Battle(String judgmentA, String judgmentB, Winner winner) {}

  private OnPolicyGold() {}

  /** The figures of one iteration's samples, judgments and battles; undefined figures are left out. */
  public static List<Figure> of(List<Task> tasks, List<Sample> samples, List<Judgment> judgments, List<Battle> battles) {
    Map<String, Task> byPrompt = tasks.stream()
        .collect(Collectors.toMap(t -> Ids.promptId(t.prompt()), Function.identity(), (a, b) -> a));
    Map<String, Integer> gold = new HashMap<>();
    for (Sample s : samples) {
      Task t = byPrompt.get(s.promptId());
      if (t != null) gold.put(s.sampleId(), GoldGrader.grade(t, s.response()).score());
    }
    Map<String, List<Integer>> scores = new HashMap<>();
    for (Judgment j : judgments) {
      if (j.score() != null && gold.containsKey(j.sampleId())) scores.computeIfAbsent(j.sampleId(), k -> new ArrayList<>()).add(j.score());
    }
    List<Figure> out = new ArrayList<>();
    Adder add = (metric, value, count) -> {
      if (Double.isFinite(value) && count > 0) out.add(new Figure(metric, value, count));
    };
    add.add("actor_exact_rate", gold.values().stream().filter(g -> g == 5).count() / (double) gold.size(), gold.size());
    pairwise(samples, byPrompt, gold, scores, add);
    spread(judgments, gold, scores, add);
    metaJudge(judgments, battles, gold, add);
    return out;
  }

  @FunctionalInterface
  private interface Adder {
    void add(String metric, double value, long count);
  }

  /** Within-prompt pairs of judged samples with different gold scores, overall and per family. */
  private static void pairwise(List<Sample> samples, Map<String, Task> byPrompt, Map<String, Integer> gold,
      Map<String, List<Integer>> scores, Adder add) {
    Map<String, List<Sample>> byPromptSamples = samples.stream().filter(s -> scores.containsKey(s.sampleId()))
        .sorted(Comparator.comparing(Sample::sampleId))
        .collect(Collectors.groupingBy(Sample::promptId, TreeMap::new, Collectors.toList()));
    PairTally all = new PairTally();
    Map<String, PairTally> perFamily = new TreeMap<>();
    byPromptSamples.forEach((prompt, group) -> {
      PairTally family = perFamily.computeIfAbsent(byPrompt.get(prompt).family().name().toLowerCase(Locale.ROOT),
          k -> new PairTally());
      for (int i = 0; i < group.size(); i++) {
        for (int k = i + 1; k < group.size(); k++) {
          String a = group.get(i).sampleId();
          String b = group.get(k).sampleId();
          int goldOrder = Integer.compare(gold.get(a), gold.get(b));
          if (goldOrder == 0) continue;
          // +1 when the judge orders the pair as gold does, -1 when the other way, 0 for a tie.
          int agreement = goldOrder * Integer.signum(Double.compare(mean(scores.get(a)), mean(scores.get(b))));
          all.add(agreement);
          family.add(agreement);
        }
      }
    });
    report("judge_pairwise", all, add);
    perFamily.forEach((family, t) -> report("judge_pairwise." + family, t, add));
  }

  /** Accuracy among the pairs the judge orders; ties apart; and accuracy with a tie as half. */
  private static void report(String name, PairTally t, Adder add) {
    add.add(name + "_accuracy", t.agreement(), t.decided());
    add.add(name + "_tie_share", t.tieShare(), t.all());
    add.add(name + "_accuracy_ties_half", t.agreementTiesHalf(), t.all());
  }

  /** Spearman of mean judge score with gold per response; the score distribution and its collapse. */
  private static void spread(List<Judgment> judgments, Map<String, Integer> gold, Map<String, List<Integer>> scores, Adder add) {
    List<String> judged = scores.keySet().stream().sorted().toList();
    double[] x = judged.stream().mapToDouble(s -> mean(scores.get(s))).toArray();
    double[] y = judged.stream().mapToDouble(gold::get).toArray();
    add.add("judge_spearman", Spearman.correlation(x, y), judged.size());
    List<Integer> valid = judgments.stream().filter(j -> j.score() != null && gold.containsKey(j.sampleId()))
        .map(Judgment::score).toList();
    add.add("judge_mean_score", valid.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN), valid.size());
    add.add("judge_top_score_share", topShare(valid), valid.size());
    add.add("gold_mean_score", gold.values().stream().mapToInt(Integer::intValue).average().orElse(Double.NaN), gold.size());
  }

  /** Battles where one judgment is closer to the response's gold score than the other. */
  private static void metaJudge(List<Judgment> judgments, List<Battle> battles, Map<String, Integer> gold, Adder add) {
    Map<String, Judgment> byId = judgments.stream().collect(Collectors.toMap(Judgment::judgmentId, Function.identity(), (a, b) -> a));
    int right = 0;
    int decided = 0;
    for (Battle b : battles) {
      Judgment a = byId.get(b.judgmentA());
      Judgment c = byId.get(b.judgmentB());
      if (b.winner() == null || a == null || c == null || a.score() == null || c.score() == null) continue;
      Integer g = gold.get(a.sampleId());
      if (g == null) continue;
      int offA = Math.abs(a.score() - g);
      int offB = Math.abs(c.score() - g);
      if (offA == offB) continue;
      decided++;
      if ((offA < offB) == (b.winner() == Winner.A)) right++;
    }
    add.add("meta_judge_accuracy", decided == 0 ? Double.NaN : right / (double) decided, decided);
  }

  /** Share of the most frequent value; NaN without values. */
  static double topShare(List<Integer> values) {
    if (values.isEmpty()) return Double.NaN;
    long top = values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting())).values().stream()
        .mapToLong(Long::longValue).max().orElse(0);
    return top / (double) values.size();
  }

  private static double mean(List<Integer> v) {
    return v.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
  }
}
