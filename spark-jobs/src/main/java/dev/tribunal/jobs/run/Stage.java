package dev.tribunal.jobs.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One arrow of the data flow: tables of the run in, one table out. A stage only computes; the
 * {@link StageRunner} decides whether to run it, writes its output to staging and commits it.
 */
public interface Stage {

  /** The stage's name, as --redo takes it (e.g. "import", "sample"). */
  String name();

  /** The table it writes. */
  String table();

  /** Tables of this run it reads. */
  List<TableRef> inputs();

  /** Sources outside the run (files) and their fingerprints, e.g. path, size and time. */
  default Map<String, String> externalInputs() {
    return Map.of();
  }

  /** The slice of the configuration that shapes the output. */
  JsonNode config();

  default String modelVersion() {
    return "";
  }

  /**
   * A column of the output whose non-null values the manifest counts once the table is committed
   * ("parse_status.context_overflow": 3), so a run's outcomes by reason are read from committed
   * rows, never from accumulators; null for none.
   */
  default String countedColumn() {
    return null;
  }

  StageOutput run(StageContext context);
}
