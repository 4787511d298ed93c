package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.nd4j.model.Nd4jLlama;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The engine-neutral {@link OptimizerLoop} (accumulation, the non-finite guard, clipping, the
 * metrics) on ND4J's arrays: the hand-written backward adds each micro-batch's gradients into
 * arrays shaped like the weights, AdamW updates the weights in place.
 */
final class Nd4jTrainingLoop implements OptimizerLoop.Engine<PairLogps> {

  private final Nd4jWeights grads;
  private final List<INDArray> gradients;
  private final TrainingConfig config;
  private final List<TrainingExample> examples;
  private final Loss loss;
  private final PolicyStep policy;
  private final Nd4jAdamW optimizer;

  Nd4jTrainingLoop(Nd4jWeights weights, TrainingConfig config, List<TrainingExample> examples) {
    this.grads = weights.zerosLike();
    this.gradients = grads.parameters();
    this.config = config;
    this.examples = examples;
    this.loss = Loss.of(config);
    this.policy = new PolicyStep(new Nd4jLlama(weights), loss, config.objective().isPreference());
    this.optimizer = new Nd4jAdamW(weights.parameters(), config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
        config.weightDecay());
  }

  OptimizerLoop.Outcome run(BatchPlan plan, MetricsLog log) {
    return new OptimizerLoop<>(config, this).run(plan, log);
  }

  @Override
  public double weight(int example) {
    return loss.weight(examples.get(example).chosenIds().length);
  }

  @Override
  public OptimizerLoop.MicroBatch<PairLogps> accumulate(int[] micro, double stepWeight) {
    return policy.run(Arrays.stream(micro).mapToObj(examples::get).toList(), stepWeight, grads);
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

  @Override
  public RewardStats stats(List<PairLogps> pairs) {
    return RewardStats.of(pairs, config.beta());
  }

  /** The accumulated gradients, in the weights' structure. */
  Nd4jWeights gradients() {
    return grads;
  }
}
