package dev.tribunal.jobs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tribunal.jobs.run.RunDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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

  public static String table(List<Metric> metrics) {
    StringBuilder b = new StringBuilder();
    for (Metric m : metrics) {
      b.append(String.format(Locale.ROOT, "  %-11s %-26s %8.3f  (n=%d)%n", m.section(), m.metric(), m.value(), m.count()));
    }
    return b.toString();
  }
}
