package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One pair of responses to the same conversation, imported from a preference corpus.
 *
 * @param messages the conversation before the two responses; never empty
 * @param label the probability that a person or an annotator preferred response_a over
 *     response_b, in [0, 1]; null when the corpus carries no preference
 * @param sourceLine the 1-based line in source where the record starts
 */
public record CorpusPairRow(
    String pairId,
    List<Message> messages,
    String responseA,
    String responseB,
    Double label,
    PairFormat format,
    String source,
    Long sourceLine) implements TableRow {
  public static final String TABLE = "corpus_pairs";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("pair_id", StringType),
      required("messages", Message.ARRAY),
      required("response_a", StringType),
      required("response_b", StringType),
      nullable("label", DoubleType),
      required("format", StringType),
      required("source", StringType),
      nullable("source_line", LongType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public CorpusPairRow {
    present(pairId, TABLE, "pair_id");
    if (present(messages, TABLE, "messages").isEmpty()) {
      throw new IllegalArgumentException(TABLE + ": messages is empty");
    }
    messages = List.copyOf(messages);
    present(responseA, TABLE, "response_a");
    present(responseB, TABLE, "response_b");
    // NaN fails this too: a label that is not a probability would poison any agreement figure.
    if (label != null && !(label >= 0.0 && label <= 1.0)) {
      throw new IllegalArgumentException(TABLE + ".label must be in [0, 1] but is " + label);
    }
    present(format, TABLE, "format");
    present(source, TABLE, "source");
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        pairId, Columns.seq(messages, Message::toCell), responseA, responseB, label,
        format.code(), source, sourceLine}, SCHEMA);
  }

  public static CorpusPairRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new CorpusPairRow(
        r.required("pair_id", String.class),
        r.listOrNull("messages", Message::fromCell),
        r.required("response_a", String.class),
        r.required("response_b", String.class),
        r.nullable("label", Double.class),
        r.code(PairFormat.class, "format"),
        r.required("source", String.class),
        r.nullable("source_line", Long.class));
  }
}
