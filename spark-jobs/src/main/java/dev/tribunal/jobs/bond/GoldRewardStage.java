package dev.tribunal.jobs.bond;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.WorldGold;
import dev.tribunal.schemas.RewardRow;
import dev.tribunal.schemas.SampleRow;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The world's gold grade (0 to 5) as the reward of every kept sample of a world prompt: the
 * referee of Best-of-N and BOND, or, for evaluation only, the reward itself.
 */
public record GoldRewardStage(List<TableRef> samples, WorldConfig world, String stream) implements Stage {
  public static final String KIND = WorldGold.VERSION;

  @Override
  public String name() {
    return SampleRewardStage.name(stream);
  }

  @Override
  public String table() {
    return dev.tribunal.jobs.rlaif.Rater.table(stream, KIND);
  }

  @Override
  public List<TableRef> inputs() {
    return samples;
  }

  @Override
  public JsonNode config() {
    return WorldGold.config("reward", world);
  }

  @Override
  public String modelVersion() {
    return KIND;
  }

  @Override
  public StageOutput run(StageContext context) {
    return StageOutput.of(Draws.of(context, samples).map(new Grade(WorldGold.of(world, context)), RewardRow.ENCODER));
  }

  private record Grade(WorldGold gold) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row row) {
      SampleRow s = SampleRow.fromRow(row);
      double grade = gold.grade(s, "gold rewards grade").score();
      return new RewardRow(s.sampleId(), s.promptId(), grade, grade, null, KIND, KIND).toRow();
    }
  }
}
