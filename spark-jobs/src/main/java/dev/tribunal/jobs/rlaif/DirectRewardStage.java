package dev.tribunal.jobs.rlaif;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.config.RlaifConfig;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.RewardRow;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * Direct RLAIF over a corpus: each pair's two responses rated on their own ({@link DirectScore}),
 * one reward row per response (pair id /a and /b). As the label stage, it never reads the human label.
 */
public record DirectRewardStage(TableRef pairs, ModelUse use, DirectScore rating, RlaifConfig.PromptForm form)
    implements ModelStage.PerRow {
  public static final String NAME = "direct-reward";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return RewardRow.TABLE;
  }

  @Override
  public Encoder<Row> encoder() {
    return RewardRow.ENCODER;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(pairs);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("template", rating.template().text(), "scores", List.of(rating.minScore(),
        rating.maxScore()), "prompt_form", form);
  }

  @Override
  public String countedColumn() {
    return "missing_reason";
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    return LabelStage.blind(context.read(pairs), use.partitions());
  }

  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<NextTokenRequest> asked = new ArrayList<>();
    for (Row r : batch) {
      String context = LabelingPrompt.context(PromptForms.messages(r, "messages"));
      for (String side : List.of("response_a", "response_b")) {
        String text = rating.prompt(context, r.getAs(side));
        asked.add(new NextTokenRequest(form.toWorker(text), rating.candidates()));
      }
    }
    List<NextTokenResult> read = model.nextTokenLogprobs(asked);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      String pairId = batch.get(i / 2).getAs("pair_id");
      DirectScore.Rating r = rating.read(read.get(i));
      out.add(new RewardRow(pairId + (i % 2 == 0 ? "/a" : "/b"), pairId, r.reward(), r.score(), r.missing(),
          DirectScore.KIND, model.spec().modelVersion()).toRow());
    }
    return out;
  }
}
