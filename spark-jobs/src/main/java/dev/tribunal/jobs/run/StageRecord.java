package dev.tribunal.jobs.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the manifest knows of one stage at one iteration. Row counts come from the committed
 * tables, never from accumulators, which over-count when tasks are retried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRecord(
    String stage,
    int iteration,
    String table,
    Status status,
    int sequence,
    String fingerprint,
    Fingerprint.Parts parts,
    Long rows,
    Long rejectedRows,
    String started,
    String finished,
    Double seconds,
    Map<String, Long> counters) {

  public enum Status { RUNNING, COMPLETED, FAILED }

  public String key() {
    return key(stage, iteration);
  }

  public static String key(String stage, int iteration) {
    return "iter=" + iteration + "/" + stage;
  }

  public TableRef output() {
    return new TableRef(iteration, table);
  }

  /** Where the stage's rejected input rows are committed: iter=<t>/rejected_<stage>. */
  public TableRef rejectedTable() {
    return new TableRef(iteration, "rejected_" + stage.replace('-', '_'));
  }

  public boolean completed() {
    return status == Status.COMPLETED;
  }
}
