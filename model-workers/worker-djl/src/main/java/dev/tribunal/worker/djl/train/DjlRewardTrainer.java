package dev.tribunal.worker.djl.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.tribunal.worker.djl.Checkpoints;
import dev.tribunal.worker.djl.RuntimeOptions;
import dev.tribunal.worker.djl.checkpoint.LlamaConfig;
import dev.tribunal.worker.djl.inference.Scorer;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.djl.tokenizer.ModelTokenizer;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.RewardEvaluation;
import dev.tribunal.worker.train.RewardModelTrainer;
import dev.tribunal.worker.train.RewardPair;
import dev.tribunal.worker.train.RewardTrainingRequest;
import dev.tribunal.worker.train.RewardTrainingResult;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingResult;
import dev.tribunal.worker.train.TrainingRun;
import dev.tribunal.worker.train.loss.PairRewards;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL engine's distilled reward model (spec 2.6): the base checkpoint's Llama body under a
 * scalar score head, trained in fp32 with the soft Bradley–Terry loss through the policy trainer's
 * loop (same AdamW, clipping, non-finite guard, schedule and metrics), evaluated on the held-out
 * pairs, and written in Hugging Face's sequence-classification layout (config.json naming
 * LlamaForSequenceClassification with num_labels 1 and pad_token_id, the body under model.*,
 * score.weight [1, hidden], no lm_head) with the base's tokenizer files and a lineage.json.
 * Each response is read as render(prompt) + response + end-of-turn, the reward taken at that last
 * token, exactly as {@link dev.tribunal.worker.djl.DjlModelWorker#reward} serves it.
 */
public final class DjlRewardTrainer implements RewardModelTrainer {

  /**
   * A pair in token space: what the reward model reads for each response ({@link
   * ModelTokenizer#rewardSequence}) and the label P(A preferred).
   */
  public record Example(int[] a, int[] b, double label) {}

  /** A request's pairs in token space and the pad id the reward is pooled by: what every engine trains on. */
  public record Prepared(LlamaConfig base, List<Example> training, List<Example> heldOut, int pad) {}

  private final Device device;

  public DjlRewardTrainer(Device device) {
    this.device = device;
  }

  @Override
  public RewardTrainingResult train(RewardTrainingRequest request) {
    Prepared data = prepare(request);
    TrainingRun run = request.run();
    TrainingConfig config = request.config();
    try (LlamaWeights weights = LlamaWeights.rewardModel(run.parent(), data.base(), data.pad(), device,
        DataType.FLOAT32, config.seed(), Checkpoints.INIT_STD)) {
      LlamaModel model = new LlamaModel(weights);
      BatchPlan plan = BatchPlan.of(data.training().size(), config);
      OptimizerLoop.Outcome outcome = DjlTrainer.optimise(weights, config, new RewardLoss(model, data.training()),
          plan, run);
      RewardEvaluation evaluation = RewardEvaluation.of(rewards(model, data.heldOut(), data.pad()));
      TrainingResult result = DjlTrainer.write(weights, config, plan, outcome, run,
          RewardPair.fingerprint(request.pairs()), evaluation.metrics("heldout/"));
      return new RewardTrainingResult(result, evaluation);
    }
  }

  /**
   * What every engine does before training: refuses an output that exists, then tokenizes the
   * request's training and held-out pairs with the parent's tokenizer, each checked against the
   * parent's config, and picks the pad id; bad input is named by split and pair.
   */
  public static Prepared prepare(RewardTrainingRequest request) {
    Path parent = request.run().parent();
    LlamaConfig base = DjlTrainer.parentConfig(request.run());
    RewardTrainingRequest.Split split = request.split();
    try (ModelTokenizer tokenizer = ModelTokenizer.load(parent)) {
      return new Prepared(base, tokenize(tokenizer, base, split.training(), "training"),
          tokenize(tokenizer, base, split.heldOut(), "held-out"), padId(tokenizer, parent));
    }
  }

  /** Each pair's two sequences as the reward model reads them; one the model cannot take is named. */
  private static List<Example> tokenize(ModelTokenizer tokenizer, LlamaConfig model,
      List<RewardPair> pairs, String which) {
    List<Example> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      RewardPair p = pairs.get(i);
      String where = which + " pair " + i;
      out.add(new Example(fit(tokenizer.rewardSequence(p.prompt(), p.responseA()), model, where),
          fit(tokenizer.rewardSequence(p.prompt(), p.responseB()), model, where), p.label()));
    }
    return out;
  }

  private static int[] fit(int[] ids, LlamaConfig model, String where) {
    if (ids.length > model.maxPositionEmbeddings()) {
      throw new IllegalArgumentException(where + " has " + ids.length
          + " tokens, more than the model's max_position_embeddings " + model.maxPositionEmbeddings());
    }
    for (int id : ids) {
      if (id >= model.vocabSize()) {
        throw new IllegalArgumentException(where + " has token id " + id + ", outside the model's vocabulary of "
            + model.vocabSize());
      }
    }
    return ids;
  }

  /**
   * Hugging Face pools a sequence classifier at the last token that is not pad_token_id; were the
   * pad token the end-of-turn token, it would read every reward one token early.
   */
  private static int padId(ModelTokenizer tokenizer, Path checkpoint) {
    if (tokenizer.padId() == tokenizer.endOfTurnId()) {
      throw new IllegalArgumentException("the tokenizer of " + checkpoint + " pads with its end-of-turn token (id "
          + tokenizer.padId() + "); a reward model needs a distinct pad token, since Hugging Face reads the reward"
          + " at the last token that is not padding");
    }
    return tokenizer.padId();
  }

  /** The trained model's rewards of both responses of each pair, with the pair's label. */
  private static List<PairRewards> rewards(LlamaModel model, List<Example> pairs, int pad) {
    List<int[]> sequences = new ArrayList<>();
    pairs.forEach(p -> sequences.add(p.a()));
    pairs.forEach(p -> sequences.add(p.b()));
    double[] r;
    try (NDManager manager = NDManager.newBaseManager(model.weights().device())) {
      r = new Scorer(model, manager, pad, RuntimeOptions.DEFAULT.maxBatchTokens()).rewards(sequences);
    }
    List<PairRewards> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) out.add(new PairRewards(r[i], r[pairs.size() + i], pairs.get(i).label()));
    return out;
  }
}
