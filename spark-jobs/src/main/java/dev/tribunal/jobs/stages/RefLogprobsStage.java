package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;

/**
 * The reference model's summed log-probabilities of chosen and rejected given the pair's prompt,
 * computed on executors so the trainer on the driver runs only the policy (TRL's
 * precompute_ref_log_probs). The reference is M_t or M_0 (meta_rewarding.reference); the prompt is
 * scored in the form the actor (or judge) was asked in, each response as a whole turn (its
 * end-of-turn token included) when meta_rewarding.dpo.end_of_turn says so, as the trainer sums it.
 */
public record RefLogprobsStage(TableRef pairs, ModelUse use, boolean endOfTurn)
    implements ModelStage.PerRow, Stage.Named {
  public static final Id ID = new Id("ref-logprobs", "preference_pairs_ref");

  @Override
  public Id id() {
    return ID;
  }

  @Override
  public Encoder<Row> encoder() {
    return PreferencePairRow.ENCODER;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(pairs);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("reference", use.model().modelVersion(), "end_of_turn", endOfTurn);
  }

  @Override
  public Dataset<Row> input(StageContext context) {
    return StageSupport.byPrompt(context.read(pairs), use.partitions(), "prompt_id", "pair_id");
  }

  /** Chosen and rejected of a batch of pairs in one score call. */
  @Override
  public List<Row> call(ModelStep step, ModelSession model, List<Row> batch) {
    List<PreferencePairRow> pairs = batch.stream().map(PreferencePairRow::fromRow).toList();
    List<ScoreRequest> requests = new ArrayList<>(2 * pairs.size());
    for (PreferencePairRow p : pairs) {
      var prompt = new PromptForms.Asked(p.promptText(), p.promptMessages()).toWorker();
      requests.add(new ScoreRequest(prompt, p.chosen(), endOfTurn));
      requests.add(new ScoreRequest(prompt, p.rejected(), endOfTurn));
    }
    List<ScoreResult> scores = model.score(requests);
    List<Row> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      out.add(pairs.get(i).withReference(scores.get(2 * i).sum(), scores.get(2 * i + 1).sum(),
          model.spec().modelVersion()).toRow());
    }
    return out;
  }
}
