package dev.tribunal.jobs.eval;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The world's gold grade of one sample of the loop, graded after its iteration trained: what
 * the judge's verdicts on the actor's own answers are measured against outside the run
 * (notebooks, other languages).
 *
 * @param family the task family, lower case, as the prompt's metadata names it
 * @param goldScore the gold score on the judge's 0-5 rubric
 * @param exact whether the answer is exactly the gold answer
 */
public record SampleGradeRow(String sampleId, String promptId, int iteration, String family, int level,
    int goldScore, boolean exact) {
  public static final String TABLE = "sample_grades";

  public static final StructType SCHEMA = new StructType()
      .add("sample_id", DataTypes.StringType, false)
      .add("prompt_id", DataTypes.StringType, false)
      .add("iteration", DataTypes.IntegerType, false)
      .add("family", DataTypes.StringType, false)
      .add("level", DataTypes.IntegerType, false)
      .add("gold_score", DataTypes.IntegerType, false)
      .add("exact", DataTypes.BooleanType, false);

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {sampleId, promptId, iteration, family, level, goldScore, exact}, SCHEMA);
  }
}
