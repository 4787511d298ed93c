package dev.tribunal.jobs.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One named series: a value per category (null where there is none), with an optional interval per
 * category (low and high, drawn as error bars), or a box per category for a boxplot.
 *
 * @param interval what low and high are, e.g. "95% interval"; null without them
 * @param boxes [min, q1, median, q3, max] per category (null where there is none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Series(String name, List<Double> values, String interval, List<Double> low, List<Double> high,
    List<List<Double>> boxes) {
  public Series {
    values = nullable(values);
    low = nullable(low);
    high = nullable(high);
    boxes = nullable(boxes);
    if ((low == null) != (high == null) || (low != null) == (interval == null)) {
      throw new IllegalArgumentException("series " + name + ": low, high and what they are come together");
    }
    if ((values == null) == (boxes == null)) {
      throw new IllegalArgumentException("series " + name + " has values or boxes, one of them");
    }
    if (low != null && (low.size() != values.size() || high.size() != values.size())) {
      throw new IllegalArgumentException("series " + name + ": one interval per value");
    }
    if (values != null && values.stream().anyMatch(v -> v != null && !Double.isFinite(v))
        || low != null && java.util.stream.Stream.concat(low.stream(), high.stream()).anyMatch(v -> v != null && !Double.isFinite(v))) {
      throw new IllegalArgumentException("series " + name + " has a value that is not finite: leave the point out (null)");
    }
    if (boxes != null && boxes.stream().anyMatch(b -> b != null && b.size() != 5)) {
      throw new IllegalArgumentException("series " + name + ": a box is min, q1, median, q3, max");
    }
  }

  public static Series of(String name, List<Double> values) {
    return new Series(name, values, null, null, null, null);
  }

  public static Series withInterval(String name, List<Double> values, String interval, List<Double> low,
      List<Double> high) {
    return new Series(name, values, interval, low, high, null);
  }

  public static Series boxes(String name, List<List<Double>> boxes) {
    return new Series(name, null, null, null, null, boxes);
  }

  int length() {
    return values != null ? values.size() : boxes.size();
  }

  /** An unmodifiable copy that keeps nulls (a missing point), unlike List.copyOf. */
  private static <T> List<T> nullable(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
