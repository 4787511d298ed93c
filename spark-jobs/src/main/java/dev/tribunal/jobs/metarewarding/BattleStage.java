package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.StageSupport;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.metarewarding.aggregate.PositionalWeights;
import dev.tribunal.jobs.config.BattleConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.schemas.RatingRow;
import dev.tribunal.schemas.Winner;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The battle matrix and Bradley-Terry ratings of every meta-judged response (spec section 1,
 * step 4): pure, no model. A prompt's judgments and battles meet in one cogroup on prompt_id. With
 * positional weighting over the whole iteration, ω is counted first by a small aggregate over the
 * verdicts (w1, w2) and handed to every group.
 */
public record BattleStage(TableRef judgments, TableRef metaJudgments, BattleConfig battle) implements Stage {
  public static final String NAME = "battle";
  private static final Logger LOG = LoggerFactory.getLogger(BattleStage.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return RatingRow.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(judgments, metaJudgments);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("battle", battle);
  }

  @Override
  public StageOutput run(StageContext context) {
    Dataset<Row> battles = context.read(metaJudgments);
    PositionalWeights weights = battle.needsIterationWeights() ? count(battles) : PositionalWeights.NONE;
    Rate rate = new Rate(context.iteration(), battle, weights);
    Dataset<Row> ratings = context.read(judgments).groupByKey(new StageSupport.PromptId(), Encoders.STRING())
        .cogroup(battles.groupByKey(new StageSupport.PromptId(), Encoders.STRING()), rate, RatingRow.ENCODER);
    return new StageOutput(ratings, null, Map.of("first_position_wins", weights.firstWins(),
        "second_position_wins", weights.secondWins()));
  }

  /**
   * Counts the responses whose fit stopped at its iteration cap before converging: their ratings
   * are short of the optimum, and the pairs chosen from them may be too, so the run says so.
   */
  @Override
  public Map<String, Long> review(StageContext context, Written written) {
    long fits = 0;
    long notConverged = 0;
    for (Row r : written.rows().groupBy("fit_converged").agg(countDistinct("sample_id")).collectAsList()) {
      fits += r.getLong(1);
      if (!r.getBoolean(0)) notConverged = r.getLong(1);
    }
    if (notConverged > 0) {
      LOG.warn("{} (iter={}): {} of {} Bradley-Terry fits stopped at their iteration cap before converging;"
          + " their ratings are approximate (ratings.fit_converged is false)", NAME, context.iteration(), notConverged, fits);
    }
    return Map.of("fits", fits, "fits_not_converged", notConverged);
  }

  /** w1 and w2 over the iteration: battles won by the judgment shown first, and second. */
  static PositionalWeights count(Dataset<Row> battles) {
    long first = 0;
    long second = 0;
    for (Row r : battles.filter(col("winner").isNotNull()).groupBy("winner").count().collectAsList()) {
      Winner w = r.getString(0).equals(Winner.A.code()) ? Winner.A : Winner.B;
      if (w == Winner.A) first = r.getLong(1);
      else second = r.getLong(1);
    }
    return new PositionalWeights(first, second);
  }
}
