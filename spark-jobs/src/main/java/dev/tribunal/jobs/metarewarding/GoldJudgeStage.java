package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.GradeSamplesStage;
import dev.tribunal.jobs.stages.StageSupport;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.world.GoldGrader;
import dev.tribunal.jobs.world.Task;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.schemas.SampleRow;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The gold-judge ceiling (world prompts only): in place of the model's judgments, one judgment per
 * response with the world's gold score. Everything downstream (pairs, length control, DPO) is the
 * loop's own, so the run shows what DPO on this much data can do with a perfect judge, beside what
 * the model's own judgments give. Gold never reaches a run whose feedback is the model's.
 */
public record GoldJudgeStage(TableRef samples, WorldConfig world) implements Stage {
  /** The model version written on gold judgments. */
  public static final String GOLD = "gold";

  @Override
  public String name() {
    return JudgeStage.NAME;
  }

  @Override
  public String table() {
    return JudgmentRow.TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(samples);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("feedback", GOLD, "world_seed", world.seed(), "prompts", world.prompts());
  }

  @Override
  public String modelVersion() {
    return GOLD;
  }

  @Override
  public StageOutput run(StageContext context) {
    Map<String, Task> tasks = world.trainingTasksById(context.iteration());
    return StageOutput.of(context.read(samples).filter(col("excluded_reason").isNull())
        .map(new Grade(tasks, StageSupport.runId(context), context.iteration()), JudgmentRow.ENCODER));
  }

  /** One gold judgment of one response. */
  static final class Grade implements MapFunction<Row, Row> {
    private final Map<String, Task> tasks;
    private final String runId;
    private final int iteration;

    Grade(Map<String, Task> tasks, String runId, int iteration) {
      this.tasks = tasks;
      this.runId = runId;
      this.iteration = iteration;
    }

    @Override
    public Row call(Row row) {
      SampleRow sample = SampleRow.fromRow(row);
      Task task = GradeSamplesStage.taskOf(tasks, sample, iteration, "the gold judge grades");
      int score = GoldGrader.grade(task, sample.response()).score();
      String text = JudgeRole.scoreLine(score);
      return new JudgmentRow(Ids.judgmentId(runId, iteration, sample.sampleId(), 0), sample.sampleId(),
          sample.promptId(), iteration, 0, Ids.judgmentSeed(runId, iteration, sample.sampleId(), 0), text,
          ParseStatus.OK, score, "stop", 0, text.length(), GOLD, false, null).toRow();
    }
  }
}
