package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One bad input row, kept so that nothing is lost silently: input = accepted + rejected.
 *
 * @param source the file or table the row came from
 * @param line the 1-based line in source, null when the input has no lines
 * @param reason a short code a notebook can group by
 * @param detail a message for a person: what is wrong and, where it helps, what was expected
 * @param raw the offending input, cut to {@link #MAX_RAW_CHARS}; null when there is none
 * @param stage the stage that rejected the row
 */
public record RejectedRow(
    String source,
    Long line,
    RejectReason reason,
    String detail,
    String raw,
    String stage) implements TableRow {
  public static final String TABLE = "rejected";

  /** Bad input can be arbitrarily large (a binary file read as text); the table stays small. */
  public static final int MAX_RAW_CHARS = 2048;

  static final String CUT_MARK = "…";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("source", StringType),
      nullable("line", LongType),
      required("reason", StringType),
      required("detail", StringType),
      nullable("raw", StringType),
      required("stage", StringType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public RejectedRow {
    present(source, TABLE, "source");
    present(reason, TABLE, "reason");
    present(detail, TABLE, "detail");
    raw = truncate(raw);
    present(stage, TABLE, "stage");
  }

  /**
   * Cuts raw to at most MAX_RAW_CHARS, marking the cut. Idempotent, so a row read back equals
   * the row written; never splits a surrogate pair.
   */
  static String truncate(String raw) {
    if (raw == null || raw.length() <= MAX_RAW_CHARS) {
      return raw;
    }
    int keep = MAX_RAW_CHARS - CUT_MARK.length();
    if (Character.isHighSurrogate(raw.charAt(keep - 1))) {
      keep--;
    }
    return raw.substring(0, keep) + CUT_MARK;
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(
        new Object[] {source, line, reason.code(), detail, raw, stage}, SCHEMA);
  }

  public static RejectedRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new RejectedRow(
        r.required("source", String.class),
        r.nullable("line", Long.class),
        r.code(RejectReason.class, "reason"),
        r.required("detail", String.class),
        r.nullable("raw", String.class),
        r.required("stage", String.class));
  }
}
