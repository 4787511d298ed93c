package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.TrainingConfig;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The engine-neutral {@link OptimizerLoop} (accumulation, the non-finite guard, clipping, the
 * metrics) on ND4J's arrays, whatever the objective: the hand-written backward adds each
 * micro-batch's gradients into arrays shaped like the weights, AdamW updates the weights in place.
 * Subclasses say how a micro-batch is weighed and run.
 */
abstract class Nd4jOptimizerEngine<H> implements OptimizerLoop.Engine<H> {

  private final Nd4jWeights grads;
  private final List<INDArray> gradients;
  private final TrainingConfig config;
  private final Nd4jAdamW optimizer;

  Nd4jOptimizerEngine(Nd4jWeights weights, TrainingConfig config) {
    this.grads = weights.zerosLike();
    this.gradients = grads.parameters();
    this.config = config;
    this.optimizer = new Nd4jAdamW(weights.parameters(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
        config.weightDecay());
  }

  OptimizerLoop.Outcome run(BatchPlan plan, MetricsLog log) {
    return new OptimizerLoop<>(config, this).run(plan, log);
  }

  @Override
  public double gradientNorm() {
    double sum = 0;
    for (INDArray g : gradients) {
      double n = g.norm2Number().doubleValue();
      sum += n * n;
    }
    return Math.sqrt(sum);
  }

  @Override
  public void scaleGradients(double scale) {
    gradients.forEach(g -> g.muli(scale));
  }

  @Override
  public void update(double lr) {
    optimizer.step(lr, gradients);
  }

  @Override
  public void zeroGradients() {
    gradients.forEach(g -> g.assign(0));
  }

  /** The accumulated gradients, in the weights' structure. */
  Nd4jWeights gradients() {
    return grads;
  }

  TrainingConfig config() {
    return config;
  }
}
