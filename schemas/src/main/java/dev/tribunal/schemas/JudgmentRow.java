package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nonNegative;
import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One judge output for one actor response. The raw text is always kept; the score is present
 * only when the parse status allows one, so a parse failure is never a number.
 *
 * @param judgmentIndex the judgment's index among the N sampled for its response
 * @param rawText the judge's whole output, as generated
 * @param score the parsed score on the 0-5 rubric, or null
 * @param injectionFlag whether the judged response itself contains a score line (an attempt to
 *     set its own score, which the parser ignores but the report counts)
 * @param reference the answer a reference-guided judge graded against (the model's own greedy
 *     answer to the question), or null for a judge without one
 */
public record JudgmentRow(
    String judgmentId,
    String sampleId,
    String promptId,
    int iteration,
    int judgmentIndex,
    long seed,
    String rawText,
    ParseStatus parseStatus,
    Integer score,
    String finishReason,
    int tokenCount,
    int charCount,
    String modelVersion,
    boolean injectionFlag,
    String reference) implements TableRow {
  public static final String TABLE = "judgments";

  public static final StructType SCHEMA = VerdictOutput.schema(new StructField[] {
      required("judgment_id", StringType),
      required("sample_id", StringType),
      required("prompt_id", StringType),
      required("iteration", IntegerType),
      required("judgment_index", IntegerType)},
      nullable("score", IntegerType),
      required("injection_flag", BooleanType),
      nullable("reference", StringType));

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public JudgmentRow {
    present(judgmentId, TABLE, "judgment_id");
    present(sampleId, TABLE, "sample_id");
    present(promptId, TABLE, "prompt_id");
    nonNegative(iteration, TABLE, "iteration");
    nonNegative(judgmentIndex, TABLE, "judgment_index");
    VerdictOutput.check(TABLE, rawText, parseStatus, score, "score", finishReason, tokenCount, charCount, modelVersion);
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        judgmentId, sampleId, promptId, iteration, judgmentIndex, seed, rawText,
        parseStatus.code(), score, finishReason, tokenCount, charCount, modelVersion,
        injectionFlag, reference}, SCHEMA);
  }

  public static JudgmentRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new JudgmentRow(
        r.required("judgment_id", String.class),
        r.required("sample_id", String.class),
        r.required("prompt_id", String.class),
        r.required("iteration", Integer.class),
        r.required("judgment_index", Integer.class),
        r.required("seed", Long.class),
        r.required("raw_text", String.class),
        r.code(ParseStatus.class, "parse_status"),
        r.nullable("score", Integer.class),
        r.required("finish_reason", String.class),
        r.required("token_count", Integer.class),
        r.required("char_count", Integer.class),
        r.required("model_version", String.class),
        r.required("injection_flag", Boolean.class),
        r.nullable("reference", String.class));
  }

  /** Whether the score counts towards the response's mean score S(y). */
  public boolean isValid() {
    return score != null;
  }
}
