package dev.tribunal.jobs.bond;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.RewardRow;
import dev.tribunal.schemas.SampleRow;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The world's gold grade (0 to 5) as the reward of every kept sample of a world prompt: the
 * referee of Best-of-N and BOND, or, for evaluation only, the reward itself.
 */
public record GoldRewardStage(List<TableRef> samples, WorldConfig world, String stream) implements Stage {
  public static final String KIND = "gold";

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
    return StageSupport.config("reward", KIND, "world_seed", world.seed(), "prompts", world.prompts());
  }

  @Override
  public String modelVersion() {
    return KIND;
  }

  @Override
  public StageOutput run(StageContext context) {
    Map<String, Task> tasks = world.trainingTasksById(context.iteration());
    return StageOutput.of(Draws.of(context, samples).map(new Grade(tasks), RewardRow.ENCODER));
  }

  private record Grade(Map<String, Task> tasks) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row row) {
      SampleRow s = SampleRow.fromRow(row);
      Task task = tasks.get(s.promptId());
      if (task == null) {
        throw new IllegalStateException("prompt " + s.promptId() + " of sample " + s.sampleId() + " is not a task of"
            + " the world: gold rewards grade world prompts only");
      }
      double grade = GoldGrader.grade(task, s.response()).score();
      return new RewardRow(s.sampleId(), s.promptId(), grade, grade, null, KIND, KIND).toRow();
    }
  }
}
