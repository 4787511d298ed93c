package dev.tribunal.jobs.bond;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One reference sample of a Best-of-N draw with its reward and its empirical quantiles among the
 * prompt's samples: p≤ (at most its reward) and p< (strictly below) kept apart, since discrete
 * rewards tie often. Exactly one sample per prompt is the best.
 */
public record BestOfNRow(String promptId, String sampleId, int sampleIndex, double reward, double pAtMost,
    double pBelow, boolean best) {
  public static final String TABLE = "best_of_n";

  public static final StructType SCHEMA = new StructType()
      .add("prompt_id", DataTypes.StringType, false)
      .add("sample_id", DataTypes.StringType, false)
      .add("sample_index", DataTypes.IntegerType, false)
      .add("reward", DataTypes.DoubleType, false)
      .add("p_at_most", DataTypes.DoubleType, false)
      .add("p_below", DataTypes.DoubleType, false)
      .add("best", DataTypes.BooleanType, false);

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {promptId, sampleId, sampleIndex, reward, pAtMost, pBelow, best}, SCHEMA);
  }

  public static BestOfNRow fromRow(Row r) {
    return new BestOfNRow(r.getAs("prompt_id"), r.getAs("sample_id"), r.getAs("sample_index"), r.getAs("reward"),
        r.getAs("p_at_most"), r.getAs("p_below"), r.getAs("best"));
  }
}
