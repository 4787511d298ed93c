package dev.tribunal.jobs.metarewarding;

import dev.tribunal.jobs.stages.WorldGold;
import dev.tribunal.jobs.stages.StageSupport;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.WorldConfig;
import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.schemas.Ids;
import dev.tribunal.schemas.JudgmentRow;
import dev.tribunal.schemas.ParseStatus;
import dev.tribunal.schemas.SampleRow;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * The gold-judge ceiling (world prompts only): in place of the model's judgments, one judgment per
 * response with the world's gold score. Everything downstream (pairs, length control, DPO) is the
 * loop's own, so the run shows what DPO on this much data can do with a perfect judge, beside what
 * the model's own judgments give. Gold never reaches a run whose feedback is the model's.
 */
public record GoldJudgeStage(TableRef samples, WorldConfig world) implements Stage {
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
    return WorldGold.config("feedback", world);
  }

  @Override
  public String modelVersion() {
    return WorldGold.VERSION;
  }

  @Override
  public StageOutput run(StageContext context) {
    return StageOutput.of(context.read(samples).filter(col("excluded_reason").isNull())
        .map(new Grade(WorldGold.of(world, context), StageSupport.runId(context)), JudgmentRow.ENCODER));
  }

  /** One gold judgment of one response. */
  record Grade(WorldGold gold, String runId) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row row) {
      SampleRow sample = SampleRow.fromRow(row);
      int iteration = gold.iteration();
      int score = gold.grade(sample, "the gold judge grades").score();
      String text = JudgeRole.scoreLine(score);
      return new JudgmentRow(Ids.judgmentId(runId, iteration, sample.sampleId(), 0), sample.sampleId(),
          sample.promptId(), iteration, 0, Ids.judgmentSeed(runId, iteration, sample.sampleId(), 0), text,
          ParseStatus.OK, score, "stop", 0, text.length(), WorldGold.VERSION, false, null).toRow();
    }
  }
}
