package dev.tribunal.jobs.run;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a stage computed: its table and, where input can be bad, the rows it rejected (committed to
 * iter=<t>/rejected/stage=<name>/ so nothing is lost). counters are small driver-side facts
 * (e.g. model calls) recorded in the manifest.
 */
public record StageOutput(Dataset<Row> rows, Dataset<Row> rejected, Map<String, Long> counters) {
  public StageOutput {
    counters = counters == null ? Map.of() : Map.copyOf(counters);
  }

  public static StageOutput of(Dataset<Row> rows) {
    return new StageOutput(rows, null, Map.of());
  }
}
