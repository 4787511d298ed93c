package dev.tribunal.jobs.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One chart over categories on the x axis (models, iterations, steps, stages, n).
 *
 * @param kind line, bar, stacked bar (shares that add up) or boxplot (five-number summaries)
 * @param x the category labels, in order
 * @param series every series has one value (or box) per category
 * @param yFromZero the y axis starts at 0 (sizes, where a zoomed axis would make a small drift look
 *     large); otherwise it fits the values (rates near 0.5, ratings)
 */
public record Chart(String id, String title, Kind kind, String xLabel, String yLabel, List<String> x,
    List<Series> series, boolean yFromZero) {
  public enum Kind {
    LINE, BAR, STACKED_BAR, BOXPLOT;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Chart(String id, String title, Kind kind, String xLabel, String yLabel, List<String> x, List<Series> series) {
    this(id, title, kind, xLabel, yLabel, x, series, false);
  }

  /** The same chart with its y axis from 0. */
  public Chart fromZero() {
    return new Chart(id, title, kind, xLabel, yLabel, x, series, true);
  }

  public Chart {
    if (title == null || title.isBlank() || xLabel == null || xLabel.isBlank() || yLabel == null || yLabel.isBlank()) {
      throw new IllegalArgumentException("chart " + id + " needs a title and both axis labels");
    }
    x = List.copyOf(x);
    series = List.copyOf(series);
    for (Series s : series) {
      if (s.length() != x.size()) {
        throw new IllegalArgumentException("chart " + id + ": series '" + s.name() + "' has " + s.length()
            + " points for " + x.size() + " categories");
      }
      if ((kind == Kind.BOXPLOT) != (s.boxes() != null)) {
        throw new IllegalArgumentException("chart " + id + ": series '" + s.name() + "' must have boxes exactly when"
            + " the chart is a boxplot");
      }
    }
  }
}
