package dev.tribunal.jobs.stages.eval;

import dev.tribunal.jobs.eval.Spearman;
import dev.tribunal.schemas.Winner;
import java.util.List;

/** The evaluation's statistics: pure functions on arrays, tested against hand-computed values. */
public final class EvalMetrics {
  private EvalMetrics() {}

  /** Spearman's rank correlation, ties at their average rank (see {@link Spearman}). */
  public static double spearman(double[] x, double[] y) {
    return Spearman.correlation(x, y);
  }

  public static double mean(double[] v) {
    if (v.length == 0) return Double.NaN;
    double sum = 0;
    for (double d : v) sum += d;
    return sum / v.length;
  }

  /** Gold win rate of a over b, item by item: a win counts 1, a tie 1/2. NaN without items. */
  public static double winRate(int[] a, int[] b) {
    if (a.length != b.length) throw new IllegalArgumentException(a.length + " items against " + b.length);
    if (a.length == 0) return Double.NaN;
    double wins = 0;
    for (int i = 0; i < a.length; i++) wins += a[i] > b[i] ? 1 : a[i] == b[i] ? 0.5 : 0;
    return wins / a.length;
  }

  /** Share of parsed verdicts that name the gold winner; unparsed ones (null) are not counted. */
  public static double accuracy(List<Winner> parsed, List<Winner> gold) {
    if (parsed.size() != gold.size()) throw new IllegalArgumentException(parsed.size() + " verdicts, " + gold.size() + " golds");
    int n = 0;
    int right = 0;
    for (int i = 0; i < parsed.size(); i++) {
      if (parsed.get(i) == null) continue;
      n++;
      if (parsed.get(i) == gold.get(i)) right++;
    }
    return n == 0 ? Double.NaN : (double) right / n;
  }

  /** Share of parsed verdicts won by the judgement shown first. */
  public static double firstPositionShare(List<Winner> parsed) {
    long n = parsed.stream().filter(w -> w != null).count();
    long first = parsed.stream().filter(w -> w == Winner.A).count();
    return n == 0 ? Double.NaN : (double) first / n;
  }

  /**
   * Share of swapped pairs whose preferred judgement changes with the order: the verdict names the
   * same position both times. Pairs with an unparsed verdict are not counted.
   *
   * @param forward the verdict with the pair's judgements in one order
   * @param swapped the verdict with the same judgements swapped
   */
  public static double flipRate(List<Winner> forward, List<Winner> swapped) {
    if (forward.size() != swapped.size()) throw new IllegalArgumentException(forward.size() + " against " + swapped.size());
    int n = 0;
    int flips = 0;
    for (int i = 0; i < forward.size(); i++) {
      if (forward.get(i) == null || swapped.get(i) == null) continue;
      n++;
      if (forward.get(i) == swapped.get(i)) flips++;
    }
    return n == 0 ? Double.NaN : (double) flips / n;
  }
}
