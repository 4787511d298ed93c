package dev.tribunal.worker.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.tribunal.worker.djl.model.LlamaWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * The engine-neutral {@link OptimizerLoop} on DJL's arrays, on the calling thread (PyTorch's grad
 * mode is per thread and DJL allows one GradientCollector per JVM): PyTorch accumulates each
 * micro-batch's gradients on the parameters, AdamW updates them in place. What a micro-batch's
 * loss is comes from its {@link BatchLoss}: a policy's or a reward model's.
 */
final class TrainingLoop<H> implements AutoCloseable, OptimizerLoop.Engine<H> {

  private final NDList parameters;
  private final TrainingConfig config;
  private final BatchLoss<H> loss;
  private final NDManager manager;
  private final AdamW optimizer;

  TrainingLoop(LlamaWeights weights, TrainingConfig config, BatchLoss<H> loss) {
    this.parameters = weights.parameters();
    this.config = config;
    this.loss = loss;
    this.manager = NDManager.newBaseManager(weights.device());
    this.optimizer = new AdamW(parameters, config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
        config.weightDecay());
    weights.attachGradients();
  }

  OptimizerLoop.Outcome run(BatchPlan plan, MetricsLog log) {
    return new OptimizerLoop<>(config, this).run(plan, log);
  }

  @Override
  public double weight(int example) {
    return loss.weight(example);
  }

  /**
   * Forward, loss (Σ terms / the step's weight) and backward of one micro-batch; a non-finite
   * loss is returned without backward, so it never reaches the gradients.
   */
  @Override
  public OptimizerLoop.MicroBatch<H> accumulate(int[] micro, double stepWeight) {
    try (NDScope scope = new NDScope();
        GradientCollector collector = manager.getEngine().newGradientCollector()) {
      BatchLoss.Terms<H> terms = loss.terms(manager, micro);
      NDArray l = terms.sum().div((float) stepWeight);
      double value = l.getFloat();
      if (Double.isFinite(value)) collector.backward(l);
      return new OptimizerLoop.MicroBatch<>(value, terms.host().get(), terms.tokens());
    }
  }

  @Override
  public double gradientNorm() {
    return Gradients.globalNorm(parameters);
  }

  @Override
  public void scaleGradients(double scale) {
    Gradients.scale(parameters, scale);
  }

  @Override
  public void update(double lr) {
    optimizer.step(lr);
  }

  @Override
  public void zeroGradients() {
    Gradients.zero(parameters);
  }

  @Override
  public RewardStats stats(List<H> examples) {
    return loss.stats(examples);
  }

  @Override
  public Map<String, Double> figures(List<H> examples) {
    return loss.figures(examples);
  }

  @Override
  public void close() {
    optimizer.close();
    manager.close();
  }
}
