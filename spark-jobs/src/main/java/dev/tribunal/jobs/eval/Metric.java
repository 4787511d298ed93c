package dev.tribunal.jobs.eval;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One evaluation figure of one model: iter=s/eval holds M_s's, one row per metric.
 *
 * @param section actor, judge or meta_judge
 * @param count how many items it was computed over
 */
public record Metric(int iteration, String modelVersion, String section, String metric, double value, long count) {
  public static final String TABLE = "eval";

  public static final StructType SCHEMA = new StructType()
      .add("iteration", DataTypes.IntegerType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("section", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, false)
      .add("count", DataTypes.LongType, false);

  public Metric {
    if (!Double.isFinite(value)) throw new IllegalArgumentException("metric " + section + "." + metric + " is not finite: " + value);
  }

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {iteration, modelVersion, section, metric, value, count}, SCHEMA);
  }

  public static Metric fromRow(Row r) {
    return new Metric(r.getAs("iteration"), r.getAs("model_version"), r.getAs("section"), r.getAs("metric"),
        r.getAs("value"), r.getAs("count"));
  }
}
