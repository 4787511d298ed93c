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

  /** The run's tables this stage reads; none for a stage that starts from outside the run. */
  default List<TableRef> inputs() {
    return List.of();
  }

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
   * A column of the output whose non-null values the manifest counts once the rows are written
   * ("parse_status.context_overflow": 3), so a run's outcomes by reason are read from committed
   * rows, never from accumulators; null for none.
   */
  default String countedColumn() {
    return null;
  }

  StageOutput run(StageContext context);

  /**
   * Looks at the output once it is written and counted, before the stage's table is committed. It
   * may refuse the output by throwing: the stage then fails with its table never committed (its
   * rejected rows stay committed, so they can be inspected). Otherwise it returns counters read
   * from what was written, recorded in the manifest with the stage's own.
   */
  default Map<String, Long> review(StageContext context, Written written) {
    return Map.of();
  }

  /**
   * A stage's name (as --redo takes it) and the table it writes, declared once as the stage's
   * constant: drivers, reports and tests that read the table name that constant, never a copy of
   * the string.
   */
  record Id(String name, String table) {}

  /**
   * A stage whose name and table are one constant {@link Id}, so the stage itself says only which
   * one it is, what it reads and what it computes.
   */
  interface Named extends Stage {
    Id id();

    @Override
    default String name() {
      return id().name();
    }

    @Override
    default String table() {
      return id().table();
    }
  }

  /**
   * What a stage wrote: its rows as staged (not yet committed), their count, and where present
   * its committed rejected rows and their count.
   */
  record Written(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, long rowCount,
      TableRef rejectedTable, Long rejectedCount) {
    public long rejected() {
      return rejectedCount == null ? 0 : rejectedCount;
    }
  }
}
