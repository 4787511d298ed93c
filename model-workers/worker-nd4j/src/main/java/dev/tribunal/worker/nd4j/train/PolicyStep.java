package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.nd4j.model.Nd4jBatch;
import dev.tribunal.worker.nd4j.model.Nd4jLlama;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.PolicyLayout;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.PairGradient;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A policy's micro-batch (SFT and the DPO family) on ND4J: the engine-neutral {@link PolicyLayout}
 * through the forward, the summed response log-probabilities read back, the loss and its
 * derivatives from the scalar definitions in the worker API ({@link Loss#term},
 * {@link Loss#gradient}), and the backward from there:
 *
 * <pre>
 *   seq_b = Σ_t m_bt · log softmax(z_bt)[y_b,t+1]          (m: the response mask)
 *   ∂L/∂z_bt = c_b · m_bt · (onehot(y_b,t+1) − softmax(z_bt)),   c_b = ∂term/∂seq_b / Σ weight
 * </pre>
 */
final class PolicyStep {

  /** Any valid id: padded positions are masked out of attention and of the loss. */
  static final int PAD_ID = 0;

  /**
   * One workspace for a micro-batch's intermediates: sized by the first, grown when a wider batch
   * spills, so later allocations are pointer bumps and all are released at once at its end.
   */
  static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder().initialSize(0)
      .overallocationLimit(0.2).policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP).policyMirroring(MirroringPolicy.FULL)
      .policySpill(SpillPolicy.REALLOCATE).build();

  private final Nd4jLlama model;
  private final Loss loss;
  private final boolean preference;

  PolicyStep(Nd4jLlama model, Loss loss, boolean preference) {
    this.model = model;
    this.loss = loss;
    this.preference = preference;
  }

  /**
   * Forward, loss (Σ terms / stepWeight) and, when the loss is finite, backward into grads; a
   * non-finite loss never reaches the gradients.
   */
  OptimizerLoop.MicroBatch<PairLogps> run(List<TrainingExample> examples, double stepWeight, Nd4jWeights grads) {
    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, "tribunal-policy-step")) {
      return runIn(examples, stepWeight, grads);
    }
  }

  private OptimizerLoop.MicroBatch<PairLogps> runIn(List<TrainingExample> examples, double stepWeight, Nd4jWeights grads) {
    PolicyLayout layout = PolicyLayout.of(examples, preference, PAD_ID);
    Nd4jBatch batch = Nd4jBatch.of(layout.rows(), layout.width(), layout.ids(), layout.mask());
    Nd4jLlama.Tape tape = model.forward(batch);
    INDArray logits = tape.logits();
    INDArray logp = Nd4j.exec(new LogSoftMax(logits, 1))[0];
    INDArray targets = targets(layout, logits.size(1));
    float[] tokenLogps = logp.mul(targets).sum(1).data().asFloat();
    float[] sequence = sequenceLogps(layout, tokenLogps);
    List<PairLogps> pairs = layout.pairLogps(sequence);
    double sum = 0;
    for (PairLogps p : pairs) sum += loss.term(p);
    double value = sum / stepWeight;
    if (Double.isFinite(value)) {
      INDArray coefficients = Nd4j.create(tokenCoefficients(layout, pairs, stepWeight), new long[] {batch.tokens(), 1});
      INDArray dLogits = targets.subi(Transforms.exp(logp, false)).muliColumnVector(coefficients);
      model.backward(tape, dLogits, grads);
    }
    return new OptimizerLoop.MicroBatch<>(value, pairs, layout.tokens());
  }

  /** [N, V] one at each response position's next token, 0 elsewhere (prompt, padding, last column). */
  private static INDArray targets(PolicyLayout layout, long vocab) {
    int width = layout.width();
    float[] onehot = new float[Math.toIntExact(layout.rows() * width * vocab)];
    for (int b = 0; b < layout.rows(); b++) {
      for (int t = 0; t < width - 1; t++) {
        if (layout.responseMask()[b * (width - 1) + t] == 0) continue;
        onehot[(int) ((b * width + t) * vocab + layout.ids()[b * width + t + 1])] = 1f;
      }
    }
    return Nd4j.create(onehot, new long[] {(long) layout.rows() * width, vocab}, 'c');
  }

  /** [rows] Σ over response positions of the next token's log-probability, in fp32 as the DJL engine sums. */
  private static float[] sequenceLogps(PolicyLayout layout, float[] tokenLogps) {
    int width = layout.width();
    float[] out = new float[layout.rows()];
    for (int b = 0; b < out.length; b++) {
      for (int t = 0; t < width - 1; t++) out[b] += layout.responseMask()[b * (width - 1) + t] * tokenLogps[b * width + t];
    }
    return out;
  }

  /** [N] ∂L/∂log p of each position's next token: its sequence's c_b on response positions, 0 elsewhere. */
  private float[] tokenCoefficients(PolicyLayout layout, List<PairLogps> pairs, double stepWeight) {
    int width = layout.width();
    float[] out = new float[layout.rows() * width];
    for (int i = 0; i < pairs.size(); i++) {
      PairGradient g = loss.gradient(pairs.get(i));
      fill(out, layout, i, g.chosen() / stepWeight);
      if (preference) fill(out, layout, pairs.size() + i, g.rejected() / stepWeight);
    }
    return out;
  }

  private static void fill(float[] out, PolicyLayout layout, int row, double c) {
    int width = layout.width();
    for (int t = 0; t < width - 1; t++) out[row * width + t] = (float) (c * layout.responseMask()[row * (width - 1) + t]);
  }
}
