package dev.tribunal.jobs.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing the
 * average of the ranks they span (so a judge that gives many equal scores is neither rewarded nor
 * punished for the order it happens to list them in).
 */
public final class Spearman {
  private Spearman() {}

  /**
   * ρ of paired samples; NaN when either side is constant (its ranks have no variance, so no
   * correlation is defined) or there are fewer than two pairs.
   */
  public static double correlation(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("Spearman: " + x.length + " x values but " + y.length + " y values");
    }
    if (x.length < 2) return Double.NaN;
    return pearson(averageRanks(x), averageRanks(y));
  }

  /** 1-based ranks; a run of equal values gets the mean of the ranks it occupies. */
  public static double[] averageRanks(double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) throw new IllegalArgumentException("Spearman: value " + i + " is NaN");
    }
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) end++;
      double rank = (start + end) / 2.0 + 1; // mean of 1-based ranks start+1 .. end+1
      for (int k = start; k <= end; k++) ranks[order[k]] = rank;
      start = end + 1;
    }
    return ranks;
  }

  static double pearson(double[] a, double[] b) {
    double meanA = Arrays.stream(a).average().orElseThrow();
    double meanB = Arrays.stream(b).average().orElseThrow();
    double cov = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < a.length; i++) {
      cov += (a[i] - meanA) * (b[i] - meanB);
      varA += (a[i] - meanA) * (a[i] - meanA);
      varB += (b[i] - meanB) * (b[i] - meanB);
    }
    return varA == 0 || varB == 0 ? Double.NaN : cov / Math.sqrt(varA * varB);
  }
}
