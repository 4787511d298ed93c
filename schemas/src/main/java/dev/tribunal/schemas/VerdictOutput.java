package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nonNegative;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns every table of a judging role's outputs shares, in this order: the seed it was
 * sampled with, its raw text and how it parsed, the verdict read from it, and how decoding ended.
 */
final class VerdictOutput {
  private VerdictOutput() {}

  /** The table's schema: its own leading columns, the verdict output around verdict, its own trailing columns. */
  static StructType schema(StructField[] leading, StructField verdict, StructField... trailing) {
    List<StructField> all = new ArrayList<>(Arrays.asList(leading));
    all.addAll(List.of(required("seed", LongType), required("raw_text", StringType),
        required("parse_status", StringType), verdict, required("finish_reason", StringType),
        required("token_count", IntegerType), required("char_count", IntegerType),
        required("model_version", StringType)));
    all.addAll(Arrays.asList(trailing));
    return new StructType(all.toArray(StructField[]::new));
  }

  /** Checks the shared columns of one row; a verdict must agree with its parse status. */
  static void check(String table, String rawText, ParseStatus status, Object verdict, String verdictColumn,
      String finishReason, int tokenCount, int charCount, String modelVersion) {
    present(rawText, table, "raw_text");
    present(status, table, "parse_status").checkValue(verdict, table + "." + verdictColumn);
    present(finishReason, table, "finish_reason");
    nonNegative(tokenCount, table, "token_count");
    nonNegative(charCount, table, "char_count");
    present(modelVersion, table, "model_version");
  }
}
