package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer loop over a {@link BatchPlan}, on the calling thread (PyTorch's grad mode is per
 * thread and DJL allows one GradientCollector per JVM). A step accumulates its micro-batches'
 * gradients, then clips and applies AdamW. A step whose loss or gradient norm is not finite is
 * skipped whole: no update, gradients zeroed, counted; the weights stay those of the last applied
 * step, since finite, clipped gradients cannot make them non-finite. What a micro-batch's loss is
 * comes from its {@link BatchLoss}: a policy's or a reward model's.
 */
final class TrainingLoop<H> implements AutoCloseable {

  private final NDList parameters;
  private final TrainingConfig config;
  private final BatchLoss<H> loss;
  private final NDManager manager;
  private final AdamW optimizer;
  private int skipped;

  /** What the loop did: every step's metrics, and whether the skip limit ended it. */
  record Outcome(List<StepMetrics> history, int appliedSteps, int skippedBatches, boolean stoppedEarly) {}

  TrainingLoop(LlamaWeights weights, TrainingConfig config, BatchLoss<H> loss) {
    this.parameters = weights.parameters();
    this.config = config;
    this.loss = loss;
    this.manager = NDManager.newBaseManager(weights.device());
    this.optimizer = new AdamW(parameters, config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
        config.weightDecay());
    weights.attachGradients();
  }

  Outcome run(BatchPlan plan, MetricsLog log) {
    List<StepMetrics> history = new ArrayList<>();
    for (BatchPlan.Step step : plan.steps()) {
      StepMetrics m = step(step, plan.steps().size());
      history.add(m);
      log.write(m);
      if (skipped > config.maxSkippedBatches()) return new Outcome(history, optimizer.steps(), skipped, true);
    }
    return new Outcome(history, optimizer.steps(), skipped, false);
  }

  /** One optimizer step: forward and backward per micro-batch, then the guarded update. */
  StepMetrics step(BatchPlan.Step step, int totalSteps) {
    long start = System.nanoTime();
    double lr = config.learningRateAt(step.index(), totalSteps);
    double weight = weight(step);
    double stepLoss = 0;
    long tokens = 0;
    List<H> examples = new ArrayList<>();
    boolean finite = true;
    for (int[] micro : step.microBatches()) {
      Accumulated<H> a = accumulate(micro, weight);
      tokens += a.tokens;
      finite = Double.isFinite(a.loss);
      if (!finite) break; // the rest of a skipped step is not worth computing
      stepLoss += a.loss;
      examples.addAll(a.host);
    }
    double norm = finite ? Gradients.globalNorm(parameters) : Double.NaN;
    if (!Double.isFinite(norm)) {
      Gradients.zero(parameters);
      skipped++;
      return new StepMetrics(step.index() + 1, step.epoch(), null, null, null, lr, skipped, tokens, seconds(start));
    }
    Gradients.clip(parameters, norm, config.gradClipNorm());
    optimizer.step(lr);
    Gradients.zero(parameters);
    return new StepMetrics(step.index() + 1, step.epoch(), stepLoss, loss.stats(examples), norm, lr, skipped, tokens,
        seconds(start), loss.figures(examples));
  }

  /** The step's Σ weight: each micro-batch's loss divides by it, so they add up to the step's mean. */
  private double weight(BatchPlan.Step step) {
    double weight = 0;
    for (int[] micro : step.microBatches()) {
      for (int i : micro) weight += loss.weight(i);
    }
    return weight;
  }

  private record Accumulated<H>(double loss, List<H> host, long tokens) {}

  /**
   * Forward, loss (Σ terms / the step's weight) and backward of one micro-batch; a non-finite
   * loss is returned without backward, so it never reaches the gradients.
   */
  private Accumulated<H> accumulate(int[] micro, double stepWeight) {
    try (NDScope scope = new NDScope();
        GradientCollector collector = manager.getEngine().newGradientCollector()) {
      BatchLoss.Terms<H> terms = loss.terms(manager, micro);
      NDArray l = terms.sum().div((float) stepWeight);
      double value = l.getFloat();
      if (Double.isFinite(value)) collector.backward(l);
      return new Accumulated<>(value, terms.host().get(), terms.tokens());
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() {
    optimizer.close();
    manager.close();
  }
}
