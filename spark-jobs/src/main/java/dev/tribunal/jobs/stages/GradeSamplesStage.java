package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.eval.SampleGradeRow;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.world.GoldGrade;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.SampleRow;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The gold grade of every sample of an iteration of world prompts (iter=t/sample_grades), written
 * once the iteration has trained. Nothing in the loop reads it, so gold still never reaches the
 * feedback; it is there so that the judge's verdicts on the actor's own answers can be measured
 * from the tables alone, by notebooks and tools that cannot run the world's grader.
 */
public record GradeSamplesStage(TableRef samples, WorldConfig world) implements Stage.Named {
  public static final Id ID = new Id("grade-samples", SampleGradeRow.TABLE);

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(samples);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("world_seed", world.seed(), "families", world.familySet(),
        "levels", world.minLevel() + "-" + world.maxLevel(), "prompts", world.prompts());
  }

  @Override
  public String modelVersion() {
    return WorldGold.VERSION;
  }

  @Override
  public StageOutput run(StageContext context) {
    return StageOutput.of(context.read(samples).map(new Grade(WorldGold.of(world, context)), SampleGradeRow.ENCODER));
  }

  /** One sample's grade against its prompt's task. */
  private record Grade(WorldGold gold) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row row) {
      SampleRow sample = SampleRow.fromRow(row);
      Task task = gold.taskOf(sample, "gold grades");
      GoldGrade grade = GoldGrader.grade(task, sample.response());
      return new SampleGradeRow(sample.sampleId(), sample.promptId(), gold.iteration(),
          task.family().name().toLowerCase(Locale.ROOT), task.level(), grade.score(), grade.exact()).toRow();
    }
  }
}
