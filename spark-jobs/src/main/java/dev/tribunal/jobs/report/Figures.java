package dev.tribunal.jobs.report;

import dev.tribunal.jobs.eval.Metric;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Small pure helpers the chart builders share. */
final class Figures {
  private Figures() {}

  /** The metric of that section and name, if the list has it. */
  static Optional<Metric> find(List<Metric> metrics, String section, String metric) {
    return metrics.stream().filter(m -> m.section().equals(section) && m.metric().equals(metric)).findFirst();
  }

  static Double value(List<Metric> metrics, String section, String metric) {
    return find(metrics, section, metric).map(Metric::value).orElse(null);
  }

  /** One point per key, null where a value is missing or not finite (a gap, never a number). */
  static List<Double> points(List<Integer> keys, IntFunction<Double> value) {
    return keys.stream().map(k -> finite(value.apply(k))).toList();
  }

  static Double finite(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }

  static boolean anyPoint(List<Double> values) {
    return values.stream().anyMatch(v -> v != null);
  }

  /** "M0", "M1", ...: the model after s iterations (or rounds). */
  static List<String> models(List<Integer> s) {
    return s.stream().map(i -> "M" + i).toList();
  }

  static List<String> iterations(List<Integer> t) {
    return t.stream().map(i -> "iter " + i).toList();
  }

  static List<String> numbers(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
  }

  /** A series of proportions, each with its Wilson interval over its count of items (null: no point). */
  static Series proportions(String name, List<Double> values, List<Long> counts) {
    List<double[]> ci = new java.util.ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      ci.add(values.get(i) == null || counts.get(i) == null ? null : wilson(values.get(i), counts.get(i)));
    }
    return Series.withInterval(name, values, EvalCharts.INTERVAL, ci.stream().map(c -> c == null ? null : c[0]).toList(),
        ci.stream().map(c -> c == null ? null : c[1]).toList());
  }

  /**
   * The Wilson score interval of a proportion p of n at 95%: unlike p ± 1.96 standard errors it
   * stays inside [0, 1] and is not zero-width at p = 0 or 1. Null without items.
   */
  static double[] wilson(double p, long n) {
    if (n < 1) return null;
    double z = 1.959963984540054;
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
