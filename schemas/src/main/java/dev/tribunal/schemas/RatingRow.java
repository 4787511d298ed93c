package dev.tribunal.schemas;

import static dev.tribunal.schemas.Columns.nonNegative;
import static dev.tribunal.schemas.Columns.nullable;
import static dev.tribunal.schemas.Columns.present;
import static dev.tribunal.schemas.Columns.required;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Bradley-Terry rating of one judgment, fitted from the meta-judge battles among the
 * judgments of its response.
 *
 * @param rating on the Elo scale, 1000 + 400·ε/ln 10, centred per response
 * @param battles how many battles (both orders counted) the judgment took part in
 * @param wins its weighted wins: positional weights or consistency half-wins make it fractional
 * @param score the judgment's own parsed score, kept to detect the meta-judge's score bias
 * @param fitIterations Newton steps of the response's Bradley-Terry fit
 * @param fitConverged whether that fit reached its gradient tolerance; ratings of a fit stopped at
 *     its iteration cap are not the optimum, so pairs chosen from them deserve a look
 */
public record RatingRow(
    String sampleId,
    String promptId,
    int iteration,
    String judgmentId,
    double rating,
    int battles,
    double wins,
    Integer score,
    int fitIterations,
    boolean fitConverged) implements TableRow {
  public static final String TABLE = "ratings";

  public static final StructType SCHEMA = new StructType(new StructField[] {
      required("sample_id", StringType),
      required("prompt_id", StringType),
      required("iteration", IntegerType),
      required("judgment_id", StringType),
      required("rating", DoubleType),
      required("battles", IntegerType),
      required("wins", DoubleType),
      nullable("score", IntegerType),
      required("fit_iterations", IntegerType),
      required("fit_converged", BooleanType)});

  public static final Encoder<Row> ENCODER = Encoders.row(SCHEMA);

  public RatingRow {
    present(sampleId, TABLE, "sample_id");
    present(promptId, TABLE, "prompt_id");
    nonNegative(iteration, TABLE, "iteration");
    present(judgmentId, TABLE, "judgment_id");
    if (!Double.isFinite(rating)) {
      throw new IllegalArgumentException(TABLE + ".rating is not finite: " + rating);
    }
    nonNegative(battles, TABLE, "battles");
    nonNegative(fitIterations, TABLE, "fit_iterations");
    if (!(wins >= 0 && wins <= battles)) {
      throw new IllegalArgumentException(
          TABLE + ".wins is " + wins + ", outside [0, battles=" + battles + "]");
    }
  }

  @Override
  public Row toRow() {
    return new GenericRowWithSchema(new Object[] {
        sampleId, promptId, iteration, judgmentId, rating, battles, wins, score, fitIterations, fitConverged}, SCHEMA);
  }

  public static RatingRow fromRow(Row row) {
    RowReader r = new RowReader(row, TABLE, SCHEMA);
    return new RatingRow(
        r.required("sample_id", String.class),
        r.required("prompt_id", String.class),
        r.required("iteration", Integer.class),
        r.required("judgment_id", String.class),
        r.required("rating", Double.class),
        r.required("battles", Integer.class),
        r.required("wins", Double.class),
        r.nullable("score", Integer.class),
        r.required("fit_iterations", Integer.class),
        r.required("fit_converged", Boolean.class));
  }
}
