package dev.tribunal.jobs.eval;

import dev.tribunal.jobs.roles.Verdict;
import dev.tribunal.schemas.Winner;
import java.util.List;

/**
 * The meta-judge on pairs of judgements of one response, each pair shown in both orders. Rates
 * are over the verdicts that parsed.
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
    int parsed = 0;
    int correct = 0;
    int firstPosition = 0;
    int bothParsed = 0;
    int flips = 0;
    for (int i = 0; i < gold.size(); i++) {
      Verdict<Winner> a = first.get(i);
      Verdict<Winner> b = swapped.get(i);
      for (Verdict<Winner> v : List.of(a, b)) {
        if (!v.isOk()) continue;
        parsed++;
        firstPosition += v.value() == Winner.A ? 1 : 0;
      }
      if (a.isOk()) correct += a.value() == gold.get(i) ? 1 : 0;
      if (b.isOk()) correct += b.value().flip() == gold.get(i) ? 1 : 0; // undo the swap
      if (a.isOk() && b.isOk()) {
        bothParsed++;
        flips += a.value() != b.value().flip() ? 1 : 0;
      }
    }
    int verdicts = 2 * gold.size();
    return new MetaJudgeFigures(gold.size(), rate(correct, parsed), rate(firstPosition, parsed), rate(flips, bothParsed),
        1.0 - (double) parsed / verdicts);
  }

  private static double rate(int count, int of) {
    return of == 0 ? Double.NaN : (double) count / of;
  }
}
