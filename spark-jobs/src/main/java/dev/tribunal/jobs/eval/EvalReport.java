package dev.tribunal.jobs.eval;

import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The figures of one model M_s from its evaluation answers, and its actor's gold win rate against
 * M_0 and M_{s-1} on the same held-out prompts. A figure that is undefined (no items, a constant
 * ranking) is left out rather than written as a number.
 */
public final class EvalReport {
  private final int iteration;
  private final String version;
  private final List<Metric> out = new ArrayList<>();

  private EvalReport(int iteration, String version) {
    this.iteration = iteration;
    this.version = version;
  }

  /** seed and previous: the answers of M_0 and M_{s-1}; empty lists when s is 0. */
  public static List<Metric> of(int iteration, String version, List<EvalOutputRow> answers,
      List<EvalOutputRow> seed, List<EvalOutputRow> previous) {
    EvalReport r = new EvalReport(iteration, version);
    List<EvalOutputRow> actor = of(answers, "actor");
    r.actor(actor);
    if (!seed.isEmpty()) r.winRate("gold_win_rate_vs_seed", actor, of(seed, "actor"));
    if (!previous.isEmpty()) r.winRate("gold_win_rate_vs_previous", actor, of(previous, "actor"));
    r.judge(of(answers, "judge"));
    r.metaJudge(of(answers, "meta_judge"));
    return List.copyOf(r.out);
  }

  private static List<EvalOutputRow> of(List<EvalOutputRow> rows, String kind) {
    return rows.stream().filter(a -> a.kind().equals(kind)).sorted(Comparator.comparingInt(EvalOutputRow::item)).toList();
  }

  private void actor(List<EvalOutputRow> a) {
    add("actor", "mean_gold_score", EvalMetrics.mean(a.stream().mapToDouble(EvalOutputRow::goldScore).toArray()), a.size());
    add("actor", "exact_rate", share(a, EvalOutputRow::exact), a.size());
    add("actor", "mean_length_chars", EvalMetrics.mean(a.stream().mapToDouble(EvalOutputRow::charCount).toArray()), a.size());
    add("actor", "mean_length_tokens", EvalMetrics.mean(a.stream().mapToDouble(EvalOutputRow::tokenCount).toArray()), a.size());
    add("actor", "truncated_rate", share(a, x -> x.finishReason().equals("length")), a.size());
  }

  /**
   * Item by item on the prompts both models answered: the win rate with its 95% interval, and a
   * paired sign test on the items whose answers changed (won against lost; changed answers of
   * equal gold score are ties and left out).
   */
  private void winRate(String metric, List<EvalOutputRow> mine, List<EvalOutputRow> theirs) {
    Map<Integer, EvalOutputRow> other = theirs.stream().collect(Collectors.toMap(EvalOutputRow::item, x -> x));
    List<EvalOutputRow> common = mine.stream().filter(x -> other.containsKey(x.item())).toList();
    int[] a = common.stream().mapToInt(EvalOutputRow::goldScore).toArray();
    int[] b = common.stream().mapToInt(x -> other.get(x.item()).goldScore()).toArray();
    add("actor", metric, EvalMetrics.winRate(a, b), common.size());
    double[] ci = EvalMetrics.winRateInterval(a, b);
    if (ci != null) {
      add("actor", metric + "_ci_low", ci[0], common.size());
      add("actor", metric + "_ci_high", ci[1], common.size());
    }
    int won = 0;
    int lost = 0;
    int changed = 0;
    for (int i = 0; i < a.length; i++) {
      if (common.get(i).output().equals(other.get(common.get(i).item()).output())) continue;
      changed++;
      if (a[i] > b[i]) won++;
      if (a[i] < b[i]) lost++;
    }
    add("actor", metric.replace("gold_win_rate", "changed_answers"), changed, common.size());
    add("actor", metric.replace("gold_win_rate", "sign_test_p"), EvalMetrics.signTestP(won, lost), won + lost);
  }

  private void judge(List<EvalOutputRow> j) {
    List<EvalOutputRow> parsed = j.stream().filter(x -> x.parsedScore() != null).toList();
    add("judge", "spearman", EvalMetrics.spearman(parsed.stream().mapToDouble(EvalOutputRow::parsedScore).toArray(),
        parsed.stream().mapToDouble(EvalOutputRow::goldScore).toArray()), parsed.size());
    add("judge", "parse_failure_rate", share(j, x -> x.parsedScore() == null), j.size());
    add("judge", "mean_score", EvalMetrics.mean(parsed.stream().mapToDouble(EvalOutputRow::parsedScore).toArray()), parsed.size());
    for (int s = 0; s <= 5; s++) {
      int score = s;
      add("judge", "score_share_" + s, share(parsed, x -> x.parsedScore() == score), parsed.size());
    }
  }

  private void metaJudge(List<EvalOutputRow> m) {
    List<Winner> parsed = m.stream().map(x -> winner(x.parsedWinner())).toList();
    List<Winner> gold = m.stream().map(x -> winner(x.goldWinner())).toList();
    long decided = parsed.stream().filter(w -> w != null).count();
    add("meta_judge", "accuracy", EvalMetrics.accuracy(parsed, gold), decided);
    add("meta_judge", "parse_failure_rate", share(m, x -> !ParseStatus.OK.code().equals(x.parseStatus())), m.size());
    add("meta_judge", "first_position_share", EvalMetrics.firstPositionShare(parsed), decided);
    Map<Integer, List<EvalOutputRow>> pairs = new TreeMap<>(m.stream().collect(Collectors.groupingBy(EvalOutputRow::pair)));
    List<Winner> forward = new ArrayList<>();
    List<Winner> swapped = new ArrayList<>();
    pairs.values().stream().filter(p -> p.size() == 2).forEach(p -> {
      forward.add(winner(p.get(0).parsedWinner()));
      swapped.add(winner(p.get(1).parsedWinner()));
    });
    add("meta_judge", "flip_rate", EvalMetrics.flipRate(forward, swapped), forward.size());
  }

  private static Winner winner(String code) {
    return code == null ? null : Winner.valueOf(code);
  }

  private static double share(List<EvalOutputRow> rows, Predicate<EvalOutputRow> test) {
    return rows.isEmpty() ? Double.NaN : (double) rows.stream().filter(test).count() / rows.size();
  }

  private void add(String section, String metric, double value, long count) {
    if (Double.isFinite(value)) out.add(new Metric(iteration, version, section, metric, value, count));
  }
}
