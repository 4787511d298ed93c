package dev.tribunal.jobs.metarewarding.aggregate;

import dev.tribunal.schemas.Winner;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random battle matrices for tests and the fit benchmark. */
public final class RandomBattleMatrices {

  private RandomBattleMatrices() {
  }

  /** Every off-diagonal entry uniform in [0.05, 1): every player beat every other, never separable. */
  public static double[] dense(Random random, int n) {
    double[] wins = new double[n * n];
    for (int m = 0; m < n; m++) {
      for (int k = 0; k < n; k++) {
        if (m != k) {
          wins[m * n + k] = 0.05 + 0.95 * random.nextDouble();
        }
      }
    }
    return wins;
  }

  /**
   * What a meta-judge produces for one response: judgments of random quality battle in both
   * orders, the first position gets an extra edge of {@code bias} (log-odds), a share of
   * verdicts is unparsed; weighted positionally per response. Matrices without a positive entry
   * are redrawn (no decided battle, or every win in the position whose weight is then 0).
   */
  public static double[] simulated(Random random, int n, double bias, double unparsedRate) {
    while (true) {
      double[] quality = new double[n];
      for (int i = 0; i < n; i++) {
        quality[i] = random.nextGaussian();
      }
      List<Battle> battles = new ArrayList<>();
      for (int first = 0; first < n; first++) {
        for (int second = 0; second < n; second++) {
          if (first == second) {
            continue;
          }
          Winner verdict;
          if (random.nextDouble() < unparsedRate) {
            verdict = null;
          } else {
            double firstWins = 1 / (1 + Math.exp(-(quality[first] - quality[second] + bias)));
            verdict = random.nextDouble() < firstWins ? Winner.A : Winner.B;
          }
          battles.add(new Battle(first, second, verdict));
        }
      }
      BattleMatrix matrix = BattleMatrix.build(n, battles, BattleWeighting.POSITIONAL, WeightScope.PER_RESPONSE, null);
      double[] wins = matrix.toArray();
      for (double w : wins) {
        if (w > 0) {
          return wins;
        }
      }
    }
  }

  /**
   * Whether the unpenalised maximum likelihood diverges: it exists exactly when the "beat" graph
   * (an edge m → k when B[m][k] > 0) is strongly connected.
   */
  public static boolean separable(double[] wins, int n) {
    return !(reachesAll(wins, n, true) && reachesAll(wins, n, false));
  }

  private static boolean reachesAll(double[] wins, int n, boolean forward) {
    boolean[] seen = new boolean[n];
    int[] stack = new int[n];
    int top = 0;
    stack[top++] = 0;
    seen[0] = true;
    int reached = 1;
    while (top > 0) {
      int m = stack[--top];
      for (int k = 0; k < n; k++) {
        double w = forward ? wins[m * n + k] : wins[k * n + m];
        if (!seen[k] && w > 0) {
          seen[k] = true;
          reached++;
          stack[top++] = k;
        }
      }
    }
    return reached == n;
  }
}
