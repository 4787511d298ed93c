package dev.tribunal.jobs.rlaif;

import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.LabelMissing;
import dev.tribunal.schemas.Message;
import java.io.Serializable;
import java.util.List;

/**
 * A model that rates one response at a time, as a reward any stage can use: direct RLAIF
 * ({@link DirectScore}) or a distilled reward model ({@link RewardModelRater}).
 */
public interface Rater extends Serializable {
  /** What the rewards table calls this reward. */
  String kind();

  /**
   * The rewards table (schema {@link dev.tribunal.schemas.RewardRow}) of a kind of reward in a
   * stream ("" for a stage's main one, e.g. "reference" beside it): kinds and streams live side by side.
   */
  static String table(String stream, String kind) {
    return (stream.isEmpty() ? "" : stream + "_") + kind + "_" + dev.tribunal.schemas.RewardRow.TABLE;
  }

  /** The settings that shape the rewards, for the stage's fingerprint. */
  Object settings();

  /** One rating per item, in order, from one batch of model calls. */
  List<Rating> rate(ModelSession model, List<Rated> items);

  /** A response to rate, after the conversation it answers. */
  record Rated(List<Message> conversation, String response) {}

  /**
   * @param reward the reward; null when missing
   * @param score a direct rating's expectation before it is mapped to the reward; null otherwise
   */
  record Rating(Double reward, Double score, LabelMissing missing) {
    /** The reward row of a rated response. */
    public org.apache.spark.sql.Row row(String responseId, String groupId, String kind, String modelVersion) {
      return new dev.tribunal.schemas.RewardRow(responseId, groupId, reward, score, missing, kind, modelVersion).toRow();
    }
  }
}
