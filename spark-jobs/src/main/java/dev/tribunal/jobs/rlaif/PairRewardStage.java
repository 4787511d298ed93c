package dev.tribunal.jobs.rlaif;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.RewardRow;
import dev.tribunal.schemas.Message;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * Rewards over a corpus: each pair's two responses rated on their own by a {@link Rater} (direct
 * RLAIF, or the distilled reward model), one reward row per response (pair id /a and /b). As the
 * label stage, it never reads the human label.
 */
public record PairRewardStage(TableRef pairs, ModelUse use, Rater rater) implements ModelStage.PerRow {
  /** The stage of each kind of reward: direct-rlaif-reward, reward-model-reward. */
  @Override
  public String name() {
    return rater.kind().replace('_', '-') + "-reward";
  }

  @Override
  public String table() {
    return Rater.table("", rater.kind());
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
    return StageSupport.config("rater", rater.settings());
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
    List<Rater.Rated> items = new ArrayList<>();
    for (Row r : batch) {
      List<Message> conversation = PromptForms.messages(r, "messages");
      items.add(new Rater.Rated(conversation, r.getAs("response_a")));
      items.add(new Rater.Rated(conversation, r.getAs("response_b")));
    }
    List<Rater.Rating> ratings = rater.rate(model, items);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < ratings.size(); i++) {
      String pairId = batch.get(i / 2).getAs("pair_id");
      out.add(ratings.get(i).row(pairId + (i % 2 == 0 ? "/a" : "/b"), pairId, rater.kind(),
          model.spec().modelVersion()));
    }
    return out;
  }
}
