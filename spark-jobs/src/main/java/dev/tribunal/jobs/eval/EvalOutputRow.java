package dev.tribunal.jobs.eval;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One model's greedy answer to one evaluation item, with what was read from it and its gold.
 * Actor: the response's gold score and whether it is exactly correct. Judge: the parsed score
 * and the gold score of the judged response. Meta-judge: the parsed winner and the gold winner.
 */
public record EvalOutputRow(String kind, int item, int pair, String modelVersion, String output,
    String finishReason, int tokenCount, int charCount, String parseStatus, Integer parsedScore,
    String parsedWinner, Integer goldScore, String goldWinner, Boolean exact) {
  public static final String TABLE = "eval_outputs";

  public static final StructType SCHEMA = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("item", DataTypes.IntegerType, false)
      .add("pair", DataTypes.IntegerType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("output", DataTypes.StringType, false)
      .add("finish_reason", DataTypes.StringType, false)
      .add("token_count", DataTypes.IntegerType, false)
      .add("char_count", DataTypes.IntegerType, false)
      .add("parse_status", DataTypes.StringType, true)
      .add("parsed_score", DataTypes.IntegerType, true)
      .add("parsed_winner", DataTypes.StringType, true)
      .add("gold_score", DataTypes.IntegerType, true)
      .add("gold_winner", DataTypes.StringType, true)
      .add("exact", DataTypes.BooleanType, true);

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {kind, item, pair, modelVersion, output, finishReason, tokenCount,
        charCount, parseStatus, parsedScore, parsedWinner, goldScore, goldWinner, exact}, SCHEMA);
  }

  public static EvalOutputRow fromRow(Row r) {
    return new EvalOutputRow(r.getAs("kind"), r.getAs("item"), r.getAs("pair"), r.getAs("model_version"),
        r.getAs("output"), r.getAs("finish_reason"), r.getAs("token_count"), r.getAs("char_count"),
        r.getAs("parse_status"), r.getAs("parsed_score"), r.getAs("parsed_winner"), r.getAs("gold_score"),
        r.getAs("gold_winner"), r.getAs("exact"));
  }
}
