package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.model.PaddedBatch;
import dev.tribunal.worker.djl.train.loss.NdSoftBradleyTerryLoss;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.loss.PairRewards;
import dev.tribunal.worker.train.loss.SoftBradleyTerryLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * A reward model's step (spec 2.6): both responses of every pair in one right-padded batch (all
 * A rows, then all B rows), the score head at each row's last token, the soft Bradley–Terry loss.
 * Every pair weighs 1, so a step's loss is the mean over its pairs.
 */
final class RewardLoss implements BatchLoss<PairRewards> {

  private final LlamaModel model;
  private final List<DjlRewardTrainer.Example> examples;
  private final NdSoftBradleyTerryLoss loss = new NdSoftBradleyTerryLoss(new SoftBradleyTerryLoss());

  RewardLoss(LlamaModel model, List<DjlRewardTrainer.Example> examples) {
    this.model = model;
    this.examples = examples;
  }

  @Override
  public double weight(int example) {
    return 1;
  }

  @Override
  public Terms<PairRewards> terms(NDManager manager, int[] batch) {
    List<int[]> sequences = new ArrayList<>();
    float[] labels = new float[batch.length];
    long tokens = 0;
    for (int i = 0; i < batch.length; i++) {
      DjlRewardTrainer.Example e = examples.get(batch[i]);
      sequences.add(e.a());
      labels[i] = (float) e.label();
      tokens += e.a().length + e.b().length;
    }
    for (int i : batch) sequences.add(examples.get(i).b());
    PaddedBatch padded = PaddedBatch.right(manager, sequences, PolicyLoss.PAD_ID);
    NDArray rewards = model.rewards(padded.ids(), padded.mask());
    NDList halves = rewards.split(2);
    NDArray sum = loss.terms(halves.get(0), halves.get(1), manager.create(labels)).sum();
    return new Terms<>(sum, () -> pairs(rewards.toFloatArray(), batch), tokens);
  }

  @Override
  public RewardStats stats(List<PairRewards> pairs) {
    return RewardStats.of(pairs);
  }

  /** Rewards read back as [A rows, B rows], paired with the labels of the batch's examples. */
  private List<PairRewards> pairs(float[] rewards, int[] batch) {
    List<PairRewards> out = new ArrayList<>(batch.length);
    for (int i = 0; i < batch.length; i++) {
      out.add(new PairRewards(rewards[i], rewards[batch.length + i], examples.get(batch[i]).label()));
    }
    return out;
  }
}
