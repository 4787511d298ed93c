package dev.tribunal.jobs.report;

import java.util.Arrays;
import java.util.List;

/**
 * How a column's values spread in one table: count, mean and the five-number summary (quartiles
 * approximate within 0.1% of rank when Spark computed them).
 */
public record Spread(long n, double mean, double min, double q1, double median, double q3, double max) {
  public Spread {
    if (n < 1) throw new IllegalArgumentException("a spread needs at least one value");
    if (!(min <= q1 && q1 <= median && median <= q3 && q3 <= max)) {
      throw new IllegalArgumentException("spread out of order: " + List.of(min, q1, median, q3, max));
    }
  }

  /** The five numbers in boxplot order. */
  public List<Double> box() {
    return List.of(min, q1, median, q3, max);
  }

  /** Exact quartiles (linear interpolation between ranks) of a small set of values; for tests and small tables. */
  public static Spread of(double... values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return new Spread(v.length, Arrays.stream(v).average().orElseThrow(), v[0], quantile(v, 0.25), quantile(v, 0.5),
        quantile(v, 0.75), v[v.length - 1]);
  }

  private static double quantile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
  }
}
