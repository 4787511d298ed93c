package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nonNegative;
import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One meta-judge battle between two judgments of the same response. Each unordered pair is
 * judged in both orders, as two rows; judgment A is the one shown first, so positional bias can
 * be measured and undone.
 *
 * @param winner the position the meta-judge preferred, or null when its verdict did not parse
 */
public record MetaJudgmentRow(
    String metaJudgmentId,
    String promptId,
    String sampleId,
    int iteration,
    String judgmentAId,
    String judgmentBId,
    long seed,
    String rawText,
    ParseStatus parseStatus,
    Winner winner,
    String finishReason,
    int tokenCount,
    int charCount,
    String modelVersion) implements TableRow {
  public static final String TABLE = "meta_judgments";

  public static final StructType SCHEMA = VerdictOutput.schema(new StructField[] {
      required("meta_judgment_id", StringType),
      required("prompt_id", StringType),
      required("sample_id", StringType),
      required("iteration", IntegerType),
      required("judgment_a_id", StringType),
      required("judgment_b_id", StringType)},
      nullable("winner", StringType));

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public MetaJudgmentRow {
    present(metaJudgmentId, TABLE, "meta_judgment_id");
    present(promptId, TABLE, "prompt_id");
    present(sampleId, TABLE, "sample_id");
    nonNegative(iteration, TABLE, "iteration");
    present(judgmentAId, TABLE, "judgment_a_id");
    present(judgmentBId, TABLE, "judgment_b_id");
    if (judgmentAId.equals(judgmentBId)) {
      throw new IllegalArgumentException(TABLE + ": a judgment battles itself: " + judgmentAId);
    }
    VerdictOutput.check(TABLE, rawText, parseStatus, winner, "winner", finishReason, tokenCount, charCount, modelVersion);
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        metaJudgmentId, promptId, sampleId, iteration, judgmentAId, judgmentBId, seed, rawText,
        parseStatus.code(), Columns.code(winner), finishReason, tokenCount, charCount,
        modelVersion}, SCHEMA);
  }

  public static MetaJudgmentRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new MetaJudgmentRow(
        r.required("meta_judgment_id", String.class),
        r.required("prompt_id", String.class),
        r.required("sample_id", String.class),
        r.required("iteration", Integer.class),
        r.required("judgment_a_id", String.class),
        r.required("judgment_b_id", String.class),
        r.required("seed", Long.class),
        r.required("raw_text", String.class),
        r.code(ParseStatus.class, "parse_status"),
        r.codeOrNull(Winner.class, "winner"),
        r.required("finish_reason", String.class),
        r.required("token_count", Integer.class),
        r.required("char_count", Integer.class),
        r.required("model_version", String.class));
  }

  /** The id of the judgment that won, or null when the verdict did not parse. */
  public String winnerId() {
    if (winner == null) {
      return null;
    }
    return winner == Winner.A ? judgmentAId : judgmentBId;
  }

  /** The id of the judgment that lost, or null when the verdict did not parse. */
  public String loserId() {
    if (winner == null) {
      return null;
    }
    return winner == Winner.A ? judgmentBId : judgmentAId;
  }
}
