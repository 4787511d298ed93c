package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A reward for one response, from a model: a direct RLAIF score or a reward model's output.
 *
 * @param responseId the response scored: a sample id, or a corpus pair's id with /a or /b
 * @param groupId the responses compared with each other: a prompt id or a corpus pair id
 * @param reward in [-1, 1] for direct RLAIF, unbounded for a reward model; null when missing
 * @param score direct RLAIF's expected rating (e.g. on 1 to 10) before it is mapped to the reward
 */
public record RewardRow(
    String responseId,
    String groupId,
    Double reward,
    Double score,
    LabelMissing missing,
    String kind,
    String modelVersion) implements TableRow {
  public static final String TABLE = "rewards";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("response_id", StringType),
      required("group_id", StringType),
      nullable("reward", DoubleType),
      nullable("score", DoubleType),
      nullable("missing_reason", StringType),
      required("kind", StringType),
      required("model_version", StringType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public RewardRow {
    present(responseId, TABLE, "response_id");
    present(groupId, TABLE, "group_id");
    if (reward != null && !Double.isFinite(reward)) {
      throw new IllegalArgumentException(TABLE + ".reward is not finite: " + reward);
    }
    if ((reward == null) == (missing == null)) {
      throw new IllegalArgumentException(TABLE + ": response " + responseId + " needs exactly one of reward and missing_reason");
    }
    present(kind, TABLE, "kind");
    present(modelVersion, TABLE, "model_version");
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        responseId, groupId, reward, score, Columns.code(missing), kind, modelVersion}, SCHEMA);
  }

  public static RewardRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new RewardRow(r.required("response_id", String.class), r.required("group_id", String.class),
        r.nullable("reward", Double.class), r.nullable("score", Double.class),
        r.codeOrNull(LabelMissing.class, "missing_reason"), r.required("kind", String.class),
        r.required("model_version", String.class));
  }
}
