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
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The gold grade of every sample of an iteration of world prompts (iter=t/sample_grades), written
 * once the iteration has trained. Nothing in the loop reads it, so gold still never reaches the
 * feedback; it is there so that the judge's verdicts on the actor's own answers can be measured
 * from the tables alone, by notebooks and tools that cannot run the world's grader.
 */
public record GradeSamplesStage(TableRef samples, WorldConfig world) implements Stage {
  public static final String NAME = "grade-samples";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return SampleGradeRow.TABLE;
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
    return "gold";
  }

  @Override
  public StageOutput run(StageContext context) {
    Map<String, Task> tasks = world.trainingTasksById(context.iteration());
    return StageOutput.of(context.read(samples).map(new Grade(tasks, context.iteration()), SampleGradeRow.ENCODER));
  }

  /**
   * The world task behind a sample's prompt (tasks: the iteration's, by prompt id); a prompt that
   * is not one fails, naming the sample and what needed its gold.
   */
  public static Task taskOf(Map<String, Task> tasks, SampleRow sample, int iteration, String needs) {
    Task task = tasks.get(sample.promptId());
    if (task == null) {
      throw new IllegalStateException("prompt " + sample.promptId() + " of sample " + sample.sampleId()
          + " is not a task of the world's iteration " + iteration + ": " + needs + " world prompts only");
    }
    return task;
  }

  /** One sample's grade against its prompt's task. */
  private record Grade(Map<String, Task> tasks, int iteration) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row row) {
      SampleRow sample = SampleRow.fromRow(row);
      Task task = taskOf(tasks, sample, iteration, "gold grades");
      GoldGrade grade = GoldGrader.grade(task, sample.response());
      return new SampleGradeRow(sample.sampleId(), sample.promptId(), iteration,
          task.family().name().toLowerCase(Locale.ROOT), task.level(), grade.score(), grade.exact()).toRow();
    }
  }
}
