package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nonNegative;
import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One actor response. Excluded responses stay in the table, with the reason, so that counts
 * add up and the report can show what was dropped; they are never pair candidates.
 *
 * @param sampleIndex the response's index among the K sampled for its prompt
 * @param seed the sampling seed, derived from the sample's identity (see {@link Ids})
 * @param finishReason why decoding ended, as the worker reported it ("stop", "length")
 * @param modelVersion the checkpoint version that produced the response
 * @param excludedReason why the response is not a pair candidate; null when it is one
 */
public record SampleRow(
    String sampleId,
    String promptId,
    int iteration,
    int sampleIndex,
    long seed,
    String response,
    int tokenCount,
    int charCount,
    String finishReason,
    String modelVersion,
    ExclusionReason excludedReason) implements TableRow {
  public static final String TABLE = "samples";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("sample_id", StringType),
      required("prompt_id", StringType),
      required("iteration", IntegerType),
      required("sample_index", IntegerType),
      required("seed", LongType),
      required("response", StringType),
      required("token_count", IntegerType),
      required("char_count", IntegerType),
      required("finish_reason", StringType),
      required("model_version", StringType),
      nullable("excluded_reason", StringType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public SampleRow {
    present(sampleId, TABLE, "sample_id");
    present(promptId, TABLE, "prompt_id");
    nonNegative(iteration, TABLE, "iteration");
    nonNegative(sampleIndex, TABLE, "sample_index");
    present(response, TABLE, "response");
    nonNegative(tokenCount, TABLE, "token_count");
    nonNegative(charCount, TABLE, "char_count");
    present(finishReason, TABLE, "finish_reason");
    present(modelVersion, TABLE, "model_version");
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        sampleId, promptId, iteration, sampleIndex, seed, response, tokenCount, charCount,
        finishReason, modelVersion, Columns.code(excludedReason)}, SCHEMA);
  }

  public static SampleRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new SampleRow(
        r.required("sample_id", String.class),
        r.required("prompt_id", String.class),
        r.required("iteration", Integer.class),
        r.required("sample_index", Integer.class),
        r.required("seed", Long.class),
        r.required("response", String.class),
        r.required("token_count", Integer.class),
        r.required("char_count", Integer.class),
        r.required("finish_reason", String.class),
        r.required("model_version", String.class),
        r.codeOrNull(ExclusionReason.class, "excluded_reason"));
  }

  /** Whether the response may be chosen or rejected in an actor pair. */
  public boolean isCandidate() {
    return excludedReason == null;
  }
}
