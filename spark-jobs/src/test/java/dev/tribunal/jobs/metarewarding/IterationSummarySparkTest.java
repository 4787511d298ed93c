package dev.tribunal.jobs.metarewarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tribunal.jobs.SparkTestBase;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The meta-judge's score bias, counted from the battle and judgment tables. */
class IterationSummarySparkTest extends SparkTestBase {
  private static final StructType JUDGMENTS = new StructType()
      .add("judgment_id", DataTypes.StringType, false).add("score", DataTypes.IntegerType, true);
  private static final StructType BATTLES = new StructType()
      .add("judgment_a_id", DataTypes.StringType, false).add("judgment_b_id", DataTypes.StringType, false)
      .add("winner", DataTypes.StringType, true);

  @BeforeAll
  static void startSpark() {
    start("local[2]");
  }

  @Test
  void higherScoreShareCountsParsedBattlesBetweenDifferentScores() {
    Dataset<Row> judgments = frame(JUDGMENTS, row("j1", 5), row("j2", 2), row("j3", 5), row("j4", null));
    Dataset<Row> battles = frame(BATTLES,
        row("j1", "j2", "A"),   // 5 beats 2: the higher score
        row("j2", "j1", "A"),   // 2 beats 5
        row("j2", "j1", "B"),   // 5 beats 2
        row("j1", "j3", "B"),   // the same score: not counted
        row("j1", "j4", "A"),   // j4 has no score: not counted
        row("j2", "j3", null)); // unparsed: not counted
    assertEquals(2.0 / 3, IterationSummary.higherScoreShare(battles, judgments), 1e-12);
    assertNull(IterationSummary.higherScoreShare(frame(BATTLES, row("j1", "j3", "A")), judgments));
  }

  private static Row row(Object... values) {
    return RowFactory.create(values);
  }

  private static Dataset<Row> frame(StructType schema, Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), schema);
  }
}
