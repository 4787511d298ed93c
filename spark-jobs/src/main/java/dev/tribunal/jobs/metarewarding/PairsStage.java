package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.StageSupport;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.metarewarding.aggregate.ActorPairConfig;
import dev.tribunal.jobs.metarewarding.aggregate.JudgePairConfig;
import dev.tribunal.jobs.roles.ActorRole;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.schemas.LengthUnit;
import dev.tribunal.schemas.PreferencePairRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Preference pairs (spec section 1, steps 3-4): per prompt, the actor pair under length control ρ
 * and, when the iteration trains the judge, the judge pair from the meta-judge ratings. Pure, no
 * model; a prompt's responses and judgments meet in one cogroup on prompt_id. Every prompt yields
 * a pair or a drop reason per kind, and the reasons are counted into the manifest.
 */
public record PairsStage(TableRef prompts, TableRef samples, TableRef judgments, Optional<TableRef> ratings, ActorRole actor, JudgeRole judge, ActorPairConfig actorPairs, JudgePairConfig judgePairs) implements Stage {
  public static final String NAME = "pairs";

  /** ratings: present in iterations that train the judge; without it there are only actor pairs. */

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return PreferencePairRow.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    List<TableRef> in = new ArrayList<>(List.of(prompts, samples, judgments));
    ratings.ifPresent(in::add);
    return in;
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("actor_pairs", actorPairs, "judge_pairs", ratings.isPresent() ? judgePairs : "off",
        "actor_template", actor.template().text(), "judge_template", judge.template().text());
  }

  @Override
  public StageOutput run(StageContext context) {
    Dataset<Row> outcomes = outcomes(context);
    Map<String, Long> counters = new TreeMap<>();
    for (Row r : outcomes.groupBy("kind", "drop_reason").count().collectAsList()) {
      String key = r.isNullAt(1) ? r.getString(0) + "_pairs" : r.getString(0) + "_dropped." + r.getString(1);
      counters.put(key, r.getLong(2));
    }
    // Pure and deterministic: computing the outcomes again for the write gives the same pairs.
    return new StageOutput(outcomes.filter(col("pair").isNotNull()).select("pair.*"), null, counters);
  }

  private Dataset<Row> outcomes(StageContext context) {
    Dataset<Row> responses = context.read(samples).join(StageSupport.promptColumns(context.read(prompts)), "prompt_id");
    Dataset<Row> judged = context.read(judgments);
    judged = ratings.isPresent()
        ? judged.join(context.read(ratings.get()).select(col("judgment_id"), col("rating")), "judgment_id", "left")
        : judged.withColumn("rating", lit(null).cast(DataTypes.DoubleType));
    LengthUnit unit = actorPairs.lengthUnit();
    SelectPairs select = new SelectPairs(StageSupport.runId(context), context.iteration(), actor, judge,
        actorPairs, ratings.isPresent() ? judgePairs : null, unit);
    return responses.groupByKey(new StageSupport.PromptId(), Encoders.STRING())
        .cogroup(judged.groupByKey(new StageSupport.PromptId(), Encoders.STRING()), select, SelectPairs.ENCODER);
  }
}
