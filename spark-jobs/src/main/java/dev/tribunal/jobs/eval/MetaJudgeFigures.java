package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.jobs.eval.EvalMetrics;
import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.List;

/**
 * The meta-judge on pairs of judgements of one response, each pair shown in both orders. Rates
 * are over the verdicts that parsed; the statistics are the evaluate stage's ({@link EvalMetrics}).
 *
 * @param accuracy           share of verdicts picking the judgement closer to the gold score
 * @param firstPositionShare share of verdicts picking the judgement shown first (0.5 is unbiased)
 * @param flipRate           share of pairs, both orders parsed, whose pick changes with the order:
 *                           the verdict followed the position, not the judgement
 */
public record MetaJudgeFigures(int pairs, double accuracy, double firstPositionShare, double flipRate,
    double parseFailureRate) {

  /**
   * Pair i was shown as (A, B) with gold winner gold.get(i), giving verdict first.get(i), and as
   * (B, A), giving swapped.get(i).
   */
  public static MetaJudgeFigures of(List<Winner> gold, List<Verdict<Winner>> first, List<Verdict<Winner>> swapped) {
    if (gold.size() != first.size() || gold.size() != swapped.size()) {
      throw new IllegalArgumentException("meta-judge figures: " + gold.size() + " pairs but " + first.size()
          + " and " + swapped.size() + " verdicts");
    }
    if (gold.isEmpty()) throw new IllegalArgumentException("meta-judge figures: no pairs");
    List<Winner> forward = first.stream().map(v -> v.parsed().orElse(null)).toList();
    List<Winner> reversed = swapped.stream().map(v -> v.parsed().orElse(null)).toList();
    List<Winner> verdicts = new ArrayList<>(forward);
    verdicts.addAll(reversed);
    List<Winner> golds = new ArrayList<>(gold);
    gold.forEach(w -> golds.add(w.flip())); // shown swapped, the gold judgement sits in the other position
    long parsed = verdicts.stream().filter(w -> w != null).count();
    return new MetaJudgeFigures(gold.size(), EvalMetrics.accuracy(verdicts, golds), EvalMetrics.firstPositionShare(verdicts),
        EvalMetrics.flipRate(forward, reversed), 1.0 - (double) parsed / verdicts.size());
  }
}
