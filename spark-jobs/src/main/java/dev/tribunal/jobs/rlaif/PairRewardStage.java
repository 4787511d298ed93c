package dev.tribunal.jobs.rlaif;

import static org.apache.spark.sql.functions.col;

import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.ModelStep;
import dev.tribunal.jobs.stages.ModelUse;
import dev.tribunal.jobs.stages.PromptForms;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.Message;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rewards over a corpus: each pair's two responses rated on their own by a {@link Rater} (direct
 * RLAIF, or the distilled reward model), one reward row per response (pair id /a and /b). As the
 * label stage, it never reads the human label.
 */
public record PairRewardStage(TableRef pairs, ModelUse use, Rater rater) implements RatingStage {
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
  public List<TableRef> inputs() {
    return List.of(pairs);
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    return LabelStage.blind(context.read(pairs), use.partitions());
  }

  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<Item> items = new ArrayList<>();
    for (Row r : batch) {
      List<Message> conversation = PromptForms.messages(r, "messages");
      String pairId = r.getAs("pair_id");
      items.add(new Item(new Rater.Rated(conversation, r.getAs("response_a")), pairId + "/a", pairId));
      items.add(new Item(new Rater.Rated(conversation, r.getAs("response_b")), pairId + "/b", pairId));
    }
    return rate(model, items);
  }
}
