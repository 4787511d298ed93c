package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The AI labeler's soft preference for one corpus pair (RLAIF): the probability that response_a
 * is preferred, read from the label tokens' log-probs, in each order it was shown.
 *
 * @param label P(a preferred): the mean of both orders, or the forward order alone; null when missing
 * @param pForward P(a preferred) with a shown first (as "Response 1")
 * @param pReverse P(a preferred) with a shown second; null when one order was scored
 * @param positionBias whether both orders preferred the same position; null unless both are labeled
 * @param missing why there is no label; null when there is one
 * @param rationales the chains of thought the labels were read after (forward first); null without
 */
public record AiLabelRow(
    String pairId,
    Double label,
    Double pForward,
    Double pReverse,
    Boolean positionBias,
    LabelMissing missing,
    List<String> rationales,
    String modelVersion) implements TableRow {
  public static final String TABLE = "ai_labels";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("pair_id", StringType),
      nullable("label", DoubleType),
      nullable("p_forward", DoubleType),
      nullable("p_reverse", DoubleType),
      nullable("position_bias", BooleanType),
      nullable("missing_reason", StringType),
      nullable("rationales", DataTypes.createArrayType(StringType, false)),
      required("model_version", StringType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public AiLabelRow {
    present(pairId, TABLE, "pair_id");
    probability(label, "label");
    probability(pForward, "p_forward");
    probability(pReverse, "p_reverse");
    if ((label == null) == (missing == null)) {
      throw new IllegalArgumentException(TABLE + ": pair " + pairId + " needs exactly one of label and missing_reason");
    }
    rationales = rationales == null ? null : List.copyOf(rationales);
    present(modelVersion, TABLE, "model_version");
  }

  /** The preference as a hard choice: a, b, or null when the label is missing or exactly even. */
  public Winner winner() {
    if (label == null || label == 0.5) return null;
    return label > 0.5 ? Winner.A : Winner.B;
  }

  private static void probability(Double p, String column) {
    // NaN fails this too.
    if (p != null && !(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(TABLE + "." + column + " must be in [0, 1] but is " + p);
    }
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        pairId, label, pForward, pReverse, positionBias, Columns.code(missing),
        rationales == null ? null : Columns.seq(rationales, s -> s), modelVersion}, SCHEMA);
  }

  public static AiLabelRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new AiLabelRow(
        r.required("pair_id", String.class),
        r.nullable("label", Double.class),
        r.nullable("p_forward", Double.class),
        r.nullable("p_reverse", Double.class),
        r.nullable("position_bias", Boolean.class),
        r.codeOrNull(LabelMissing.class, "missing_reason"),
        r.listOrNull("rationales", String.class::cast),
        r.required("model_version", String.class));
  }
}
