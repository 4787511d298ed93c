package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.tribunal.worker.djl.model.LlamaModel;
import dev.tribunal.worker.djl.train.loss.NdBondLoss;
import dev.tribunal.worker.train.BondExample;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.BondLogp;
import dev.tribunal.worker.train.loss.BondLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BOND's step (spec 3.3): every example's response scored as the policy loss scores one (summed
 * response and end-of-turn log-probs of one right-padded batch, {@link PolicyBatch}), then the
 * J_β loss of the micro-batch, whose means and baseline run over that micro-batch. Every example
 * weighs 1 and the micro-batch's terms are its loss times its size, so a step's loss is the
 * example-weighted mean of its micro-batches' losses: with grad_accumulation 1, exactly J_β of
 * the batch.
 */
final class BondBatchLoss implements BatchLoss<BondLogp> {

  private final LlamaModel model;
  private final List<BondExample> examples;
  private final List<TrainingExample> sequences;
  private final NdBondLoss loss;

  /** @param sequences each example in token space, its response span being what log π(y) sums */
  BondBatchLoss(LlamaModel model, double beta, List<BondExample> examples, List<TrainingExample> sequences) {
    this.model = model;
    this.examples = examples;
    this.sequences = sequences;
    this.loss = new NdBondLoss(new BondLoss(beta));
  }

  @Override
  public double weight(int example) {
    return 1;
  }

  @Override
  public Terms<BondLogp> terms(NDManager manager, int[] batch) {
    PolicyBatch b = PolicyBatch.of(manager, Arrays.stream(batch).mapToObj(sequences::get).toList(), false,
        PolicyLoss.PAD_ID);
    NDArray logps = b.sequenceLogps(model);
    boolean[] backward = new boolean[batch.length];
    float[] rewards = new float[batch.length];
    float[] weights = new float[batch.length];
    for (int i = 0; i < batch.length; i++) {
      BondExample e = examples.get(batch[i]);
      backward[i] = e.term() == BondExample.Term.BACKWARD;
      rewards[i] = (float) e.reward();
      weights[i] = (float) e.policyLogpWeight();
    }
    NDArray sum = loss.loss(logps, backward, rewards, weights).mul(batch.length);
    return new Terms<>(sum, () -> host(logps.toFloatArray(), batch), b.tokens());
  }

  /** BOND has no chosen and rejected responses; its figures are {@link #figures}. */
  @Override
  public RewardStats stats(List<BondLogp> examples) {
    return null;
  }

  /** Over the whole step: with accumulation, the baseline figures pool its micro-batches. */
  @Override
  public Map<String, Double> figures(List<BondLogp> step) {
    return BondLoss.figures(step);
  }

  private List<BondLogp> host(float[] logps, int[] batch) {
    List<BondLogp> out = new ArrayList<>(batch.length);
    for (int i = 0; i < batch.length; i++) {
      BondExample e = examples.get(batch[i]);
      out.add(new BondLogp(e.term(), logps[i], e.reward(), e.policyLogpWeight()));
    }
    return out;
  }
}
