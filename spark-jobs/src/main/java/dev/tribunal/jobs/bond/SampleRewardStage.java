package dev.tribunal.jobs.bond;

import static org.apache.spark.sql.functions.col;

import dev.tribunal.jobs.rlaif.Rater;
import dev.tribunal.jobs.rlaif.RatingStage;
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
 * A reward for every kept sample of the given tables (one, or a round's policy and anchor samples), by a {@link Rater} (direct RLAIF or a reward model) on the
 * executors: one reward row per sample (response_id = sample_id, group_id = prompt_id), written to
 * KIND_rewards.
 */
public record SampleRewardStage(TableRef prompts, List<TableRef> samples, ModelUse use, Rater rater, String stream)
    implements RatingStage {
  public static final String NAME = "reward";

  /** The stage and table of one stream of rewards: "" for the main one, e.g. "reference" beside it. */
  static String name(String stream) {
    return stream.isEmpty() ? NAME : stream + "-" + NAME;
  }

  @Override
  public String name() {
    return name(stream);
  }

  @Override
  public String table() {
    return Rater.table(stream, rater.kind());
  }

  @Override
  public List<TableRef> inputs() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(prompts), samples.stream()).toList();
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    return Draws.withPrompts(context, samples, prompts, use.partitions());
  }

  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<Item> items = new ArrayList<>(batch.size());
    for (Row s : batch) {
      Rater.Rated rated = new Rater.Rated(conversation(s), s.getAs("response"));
      items.add(new Item(rated, s.getAs("sample_id"), s.getAs("prompt_id")));
    }
    return rate(model, items);
  }

  /** The prompt as a conversation: its messages, or its text as one user turn. */
  private static List<Message> conversation(Row s) {
    List<Message> messages = PromptForms.messages(s, "prompt_messages");
    return messages != null ? messages : List.of(new Message("user", PromptForms.text(s, "prompt_text")));
  }
}
