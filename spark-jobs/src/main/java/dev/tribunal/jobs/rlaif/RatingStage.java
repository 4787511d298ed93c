package dev.tribunal.jobs.rlaif;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.stages.ModelStage;
import dev.tribunal.jobs.stages.StageSupport;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.RewardRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * A model stage that rewards responses with a {@link Rater}, one reward row per response (a
 * corpus pair's two responses, or a policy's samples). Such stages differ only in what they read
 * and which ids a reward row carries; the rows, the fingerprinted settings and the counted reasons
 * for a missing reward are the rater's, stated here once.
 */
public interface RatingStage extends ModelStage.PerRow {
  Rater rater();

  /** A response to rate, and the ids its reward row carries. */
  record Item(Rater.Rated rated, String responseId, String groupId) {}

  @Override
  default Encoder<Row> encoder() {
    return RewardRow.ENCODER;
  }

  @Override
  default JsonNode config() {
    return StageSupport.config("rater", rater().settings());
  }

  /** Why a reward is missing, counted in the manifest. */
  @Override
  default String countedColumn() {
    return "missing_reason";
  }

  /** The items rated in one batch of model calls: their reward rows, in order. */
  default List<Row> rate(ModelSession model, List<Item> items) {
    List<Rater.Rated> rated = new ArrayList<>(items.size());
    for (Item item : items) rated.add(item.rated());
    List<Rater.Rating> ratings = rater().rate(model, rated);
    List<Row> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      out.add(ratings.get(i).row(items.get(i).responseId(), items.get(i).groupId(), rater().kind(),
          model.spec().modelVersion()));
    }
    return out;
  }
}
