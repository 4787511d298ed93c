package dev.tribunal.jobs.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tribunal.jobs.run.Stage;
import dev.tribunal.jobs.run.StageContext;
import dev.tribunal.jobs.run.StageOutput;
import dev.tribunal.jobs.run.TableRef;
import dev.tribunal.jobs.stages.worker.ModelSession;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.schemas.PreferencePairRow;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The reference model's summed log-probabilities of chosen and rejected given the pair's prompt,
 * computed on executors so the trainer on the driver runs only the policy (TRL's
 * precompute_ref_log_probs). The reference is M_t or M_0 (meta_rewarding.reference); the prompt is
 * scored in the form the actor (or judge) was asked in, each response as a whole turn (its
 * end-of-turn token included) when meta_rewarding.dpo.end_of_turn says so, as the trainer sums it.
 */
public final class RefLogprobsStage implements Stage {
  public static final String NAME = "ref-logprobs";
  public static final String TABLE = "preference_pairs_ref";

  private final TableRef pairs;
  private final WorkerSpec reference;
  private final boolean endOfTurn;
  private final int batchPairs;
  private final int partitions;

  public RefLogprobsStage(TableRef pairs, WorkerSpec reference, boolean endOfTurn, int batchPairs, int partitions) {
    this.pairs = pairs;
    this.reference = reference;
    this.endOfTurn = endOfTurn;
    this.batchPairs = batchPairs;
    this.partitions = partitions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String table() {
    return TABLE;
  }

  @Override
  public List<TableRef> inputs() {
    return List.of(pairs);
  }

  @Override
  public JsonNode config() {
    return StageSupport.config("reference", reference.modelVersion(), "end_of_turn", endOfTurn);
  }

  @Override
  public String modelVersion() {
    return reference.modelVersion();
  }

  @Override
  public StageOutput run(StageContext context) {
    var rows = StageSupport.byPrompt(context.read(pairs), partitions, "prompt_id", "pair_id");
    ModelStep step = new ModelStep(NAME, StageSupport.runId(context), context.iteration(), reference, batchPairs);
    return StageOutput.of(rows.mapPartitions(new Score(step, endOfTurn), PreferencePairRow.ENCODER));
  }

  /** Chosen and rejected of a batch of pairs in one score call. */
  static final class Score implements MapPartitionsFunction<Row, Row> {
    private final ModelStep step;
    private final boolean endOfTurn;

    Score(ModelStep step, boolean endOfTurn) {
      this.step = step;
      this.endOfTurn = endOfTurn;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> pairs) {
      return step.stream(pairs, this::score);
    }

    private List<Row> score(ModelSession model, List<Row> rows) {
      List<PreferencePairRow> pairs = rows.stream().map(PreferencePairRow::fromRow).toList();
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
}
