package dev.tribunal.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tribunal.jobs.run.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * A model's figures as a JSON file beside their table (iter=s/eval.json, iter=0/label_eval.json, for
 * dashboards and notebooks that read no Parquet) and as a short console table. Both come from the
 * committed table, so a resumed run rewrites the same file.
 */
public final class EvalPrinter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String CI_LOW = "_ci_low";
  private static final String CI_HIGH = "_ci_high";

  private EvalPrinter() {}

  /** Writes iter=&lt;iteration&gt;/&lt;name&gt;.json. */
  public static void writeJson(RunDirectory run, int iteration, String name, List<Metric> metrics) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("iteration", iteration);
    doc.put("model_version", metrics.isEmpty() ? null : metrics.get(0).modelVersion());
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    for (Metric m : metrics) {
      sections.computeIfAbsent(m.section(), s -> new LinkedHashMap<>())
          .put(m.metric(), Map.of("value", m.value(), "count", m.count()));
    }
    doc.put("metrics", sections);
    Path file = new Path(run.path(), "iter=" + iteration + "/" + name + ".json");
    try (OutputStream out = run.fs().create(file, true)) {
      JSON.writeValue(out, doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads iter=&lt;iteration&gt;/&lt;name&gt;.json back into its metrics, in the file's order. */
  public static List<Metric> readJson(RunDirectory run, int iteration, String name) {
    Path file = new Path(run.path(), "iter=" + iteration + "/" + name + ".json");
    try (InputStream in = run.fs().open(file)) {
      JsonNode doc = JSON.readTree(in);
      String version = doc.path("model_version").asText(null);
      List<Metric> out = new ArrayList<>();
      doc.path("metrics").fields().forEachRemaining(section -> section.getValue().fields().forEachRemaining(m ->
          out.add(new Metric(iteration, version, section.getKey(), m.getKey(), m.getValue().path("value").asDouble(),
              m.getValue().path("count").asLong()))));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * The console table with each interval beside its figure: a metric's _ci_low and _ci_high
   * rows (a win rate's 95% interval) fold into "value (low-high)".
   */
  public static String tableWithIntervals(List<Metric> metrics) {
    Map<String, Metric> byName = new LinkedHashMap<>();
    metrics.forEach(m -> byName.put(m.section() + "." + m.metric(), m));
    StringBuilder b = new StringBuilder();
    for (Metric m : metrics) {
      if (m.metric().endsWith(CI_LOW) || m.metric().endsWith(CI_HIGH)) continue;
      Metric low = byName.get(m.section() + "." + m.metric() + CI_LOW);
      Metric high = byName.get(m.section() + "." + m.metric() + CI_HIGH);
      String interval = low == null || high == null ? ""
          : String.format(Locale.ROOT, " (95%% %.3f-%.3f)", low.value(), high.value());
      b.append(String.format(Locale.ROOT, "  %-11s %-32s %8.3f%s  (n=%d)%n", m.section(), m.metric(), m.value(),
          interval, m.count()));
    }
    return b.toString();
  }

  public static String table(List<Metric> metrics) {
    StringBuilder b = new StringBuilder();
    for (Metric m : metrics) {
      b.append(String.format(Locale.ROOT, "  %-11s %-26s %8.3f  (n=%d)%n", m.section(), m.metric(), m.value(), m.count()));
    }
    return b.toString();
  }
}
