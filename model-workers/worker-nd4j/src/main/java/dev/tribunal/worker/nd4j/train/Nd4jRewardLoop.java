package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.djl.train.DjlRewardTrainer;
import dev.tribunal.worker.nd4j.model.Nd4jBatch;
import dev.tribunal.worker.nd4j.model.Nd4jLlama;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.loss.PairRewards;
import dev.tribunal.worker.train.loss.SoftBradleyTerryLoss;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A reward model's optimizer loop on ND4J (spec 2.6), as the DJL engine's reward loss has it:
 * both responses of every pair in one right-padded batch (all A rows, then all B rows), the
 * score head at each row's last real token, the soft Bradley–Terry loss, every pair weighing 1.
 * The backward starts at the head's output, non-zero only at those last tokens:
 *
 * <pre>
 *   r_b = score · h_b,last          ∂L/∂r_A = ∂term/∂r1 / Σ weight = −∂L/∂r_B
 * </pre>
 */
final class Nd4jRewardLoop extends Nd4jOptimizerEngine<PairRewards> {

  /** Sequences per forward when only the rewards are wanted (the held-out evaluation). */
  private static final int SCORING_ROWS = 16;

  private final Nd4jLlama model;
  private final List<DjlRewardTrainer.Example> examples;
  private final SoftBradleyTerryLoss loss = new SoftBradleyTerryLoss();

  Nd4jRewardLoop(Nd4jWeights weights, TrainingConfig config, List<DjlRewardTrainer.Example> examples) {
    super(weights, config);
    if (!weights.config().isReward()) {
      throw new IllegalArgumentException("a " + weights.config().architecture() + " has no reward head");
    }
    this.model = new Nd4jLlama(weights);
    this.examples = examples;
  }

  @Override
  public double weight(int example) {
    return 1;
  }

  @Override
  public OptimizerLoop.MicroBatch<PairRewards> accumulate(int[] micro, double stepWeight) {
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(PolicyStep.WORKSPACE,
        "tribunal-reward-step")) {
      return accumulateIn(micro, stepWeight);
    }
  }

  private OptimizerLoop.MicroBatch<PairRewards> accumulateIn(int[] micro, double stepWeight) {
    List<int[]> sequences = new ArrayList<>(2 * micro.length);
    long tokens = 0;
    for (int i : micro) {
      sequences.add(examples.get(i).a());
      tokens += examples.get(i).a().length + examples.get(i).b().length;
    }
    for (int i : micro) sequences.add(examples.get(i).b());
    Nd4jBatch batch = Nd4jBatch.rightPadded(sequences, PolicyStep.PAD_ID);
    Nd4jLlama.Tape tape = model.forward(batch);
    int[] last = lastTokens(sequences, batch.width());
    float[] r = read(tape.logits(), last);
    List<PairRewards> pairs = new ArrayList<>(micro.length);
    double sum = 0;
    for (int i = 0; i < micro.length; i++) {
      PairRewards p = new PairRewards(r[i], r[micro.length + i], examples.get(micro[i]).label());
      pairs.add(p);
      sum += loss.term(p);
    }
    double value = sum / stepWeight;
    if (Double.isFinite(value)) {
      float[] dRewards = new float[batch.tokens()];
      for (int i = 0; i < micro.length; i++) {
        double g = loss.gradient(pairs.get(i)) / stepWeight;
        dRewards[last[i]] = (float) g;
        dRewards[last[micro.length + i]] = (float) -g;
      }
      model.backward(tape, Nd4j.create(dRewards, new long[] {batch.tokens(), 1}, 'c'), gradients());
    }
    return new OptimizerLoop.MicroBatch<>(value, pairs, tokens);
  }

  @Override
  public RewardStats stats(List<PairRewards> pairs) {
    return RewardStats.of(pairs);
  }

  /** The trained model's rewards of both responses of each pair, with the pair's label. */
  List<PairRewards> rewards(List<DjlRewardTrainer.Example> pairs) {
    List<int[]> sequences = new ArrayList<>(2 * pairs.size());
    pairs.forEach(p -> sequences.add(p.a()));
    pairs.forEach(p -> sequences.add(p.b()));
    float[] r = new float[sequences.size()];
    for (int from = 0; from < sequences.size(); from += SCORING_ROWS) {
      List<int[]> chunk = sequences.subList(from, Math.min(sequences.size(), from + SCORING_ROWS));
      try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(PolicyStep.WORKSPACE,
          "tribunal-reward-scoring")) {
        Nd4jBatch batch = Nd4jBatch.rightPadded(chunk, PolicyStep.PAD_ID);
        float[] part = read(model.forward(batch).logits(), lastTokens(chunk, batch.width()));
        System.arraycopy(part, 0, r, from, part.length);
      }
    }
    List<PairRewards> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) out.add(new PairRewards(r[i], r[pairs.size() + i], pairs.get(i).label()));
    return out;
  }

  /** Each row's last real token as a row of the [B·T, ·] activations: where the reward is read. */
  private static int[] lastTokens(List<int[]> sequences, int width) {
    int[] out = new int[sequences.size()];
    for (int b = 0; b < out.length; b++) out[b] = b * width + sequences.get(b).length - 1;
    return out;
  }

  /** The head's output [B·T, 1] at the given rows. */
  private static float[] read(INDArray scores, int[] rows) {
    float[] all = scores.data().asFloat();
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = all[rows[i]];
    return out;
  }
}
