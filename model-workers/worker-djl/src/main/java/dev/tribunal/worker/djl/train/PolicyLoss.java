package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.train.loss.NdLoss;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.Arrays;
import java.util.List;

/**
 * A policy's step (SFT and the DPO family): the summed response log-probabilities of chosen and,
 * for preference objectives, rejected sequences in one batch, then the objective's loss.
 */
final class PolicyLoss implements BatchLoss<PairLogps> {

  /** Any valid id: padded positions are masked out of attention and of the loss. */
  static final int PAD_ID = 0;

  private final LlamaModel model;
  private final List<TrainingExample> examples;
  private final Loss loss;
  private final NdLoss ndLoss;
  private final boolean preference;
  private final double beta;

  PolicyLoss(LlamaModel model, TrainingConfig config, List<TrainingExample> examples) {
    this.model = model;
    this.examples = examples;
    this.loss = Loss.of(config);
    this.ndLoss = NdLoss.of(config);
    this.preference = config.objective().isPreference();
    this.beta = config.beta();
  }

  @Override
  public double weight(int example) {
    return loss.weight(examples.get(example).chosenIds().length);
  }

  @Override
  public Terms<PairLogps> terms(NDManager manager, int[] batch) {
    PolicyBatch b = PolicyBatch.of(manager, Arrays.stream(batch).mapToObj(examples::get).toList(), preference, PAD_ID);
    NDArray sequenceLogps = b.sequenceLogps(model);
    NDArray sum = ndLoss.terms(b.pairLogps(sequenceLogps)).sum();
    return new Terms<>(sum, () -> b.hostLogps(sequenceLogps.toFloatArray()), b.tokens());
  }

  @Override
  public RewardStats stats(List<PairLogps> pairs) {
    return RewardStats.of(pairs, beta);
  }
}
