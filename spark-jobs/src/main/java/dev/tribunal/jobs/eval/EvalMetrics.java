package dev.tribunal.jobs.eval;

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

  /**
   * The 95% interval of {@link #winRate}: the mean of per-item outcomes (1, 1/2, 0) ± 1.96 standard
   * errors (normal approximation; with hundreds of items it is close to exact), clipped to [0, 1].
   * Null without two items.
   */
  public static double[] winRateInterval(int[] a, int[] b) {
    if (a.length != b.length) throw new IllegalArgumentException(a.length + " items against " + b.length);
    int n = a.length;
    if (n < 2) return null;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = a[i] > b[i] ? 1 : a[i] == b[i] ? 0.5 : 0;
    double m = mean(v);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    double se = Math.sqrt(ss / (n - 1) / n);
    return new double[] {Math.max(0, m - 1.96 * se), Math.min(1, m + 1.96 * se)};
  }

  /**
   * Two-sided exact sign test: the probability, under "either side is as likely to win", of a
   * split at least as uneven as wins against losses (ties left out before the call).
   */
  public static double signTestP(int wins, int losses) {
    int n = wins + losses;
    if (n == 0) return 1;
    int k = Math.min(wins, losses);
    double tail = 0;
    double logHalfN = n * Math.log(0.5);
    for (int i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) + logHalfN);
    return Math.min(1, 2 * tail);
  }

  private static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
    return s;
  }
}
