package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.nd4j.model.Nd4jLlama;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.BatchPlan;
import dev.tribunal.worker.train.MetricsLog;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.StepMetrics;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optimizer loop over a {@link BatchPlan}, as the DJL engine runs it: a step accumulates its
 * micro-batches' gradients (each loss divided by the whole step's weight, so accumulation equals
 * one large batch), then clips the global norm and applies AdamW. A step whose loss or gradient
 * norm is not finite is skipped whole: no update, gradients zeroed, counted.
 */
final class Nd4jTrainingLoop {

  private final List<INDArray> parameters;
  private final Nd4jWeights grads;
  private final List<INDArray> gradients;
  private final TrainingConfig config;
  private final List<TrainingExample> examples;
  private final Loss loss;
  private final PolicyStep policy;
  private final Nd4jAdamW optimizer;
  private int skipped;

  /** What the loop did: every step's metrics, and whether the skip limit ended it. */
  record Outcome(List<StepMetrics> history, int appliedSteps, int skippedBatches, boolean stoppedEarly) {}

  Nd4jTrainingLoop(Nd4jWeights weights, TrainingConfig config, List<TrainingExample> examples) {
    this.parameters = weights.parameters();
    this.grads = weights.zerosLike();
    this.gradients = grads.parameters();
    this.config = config;
    this.examples = examples;
    this.loss = Loss.of(config);
    this.policy = new PolicyStep(new Nd4jLlama(weights), loss, config.objective().isPreference());
    this.optimizer = new Nd4jAdamW(parameters, config.adamBeta1(), config.adamBeta2(), config.adamEpsilon(),
        config.weightDecay());
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
    double weight = 0;
    for (int[] micro : step.microBatches()) {
      for (int i : micro) weight += loss.weight(examples.get(i).chosenIds().length);
    }
    double stepLoss = 0;
    long tokens = 0;
    List<PairLogps> pairs = new ArrayList<>();
    boolean finite = true;
    for (int[] micro : step.microBatches()) {
      PolicyStep.Result r = accumulate(micro, weight);
      tokens += r.tokens();
      finite = Double.isFinite(r.loss());
      if (!finite) break; // the rest of a skipped step is not worth computing
      stepLoss += r.loss();
      pairs.addAll(r.pairs());
    }
    double norm = finite ? globalNorm() : Double.NaN;
    if (!Double.isFinite(norm)) {
      zeroGradients();
      skipped++;
      return new StepMetrics(step.index() + 1, step.epoch(), null, null, null, lr, skipped, tokens, seconds(start));
    }
    if (config.gradClipNorm() > 0 && norm > config.gradClipNorm()) {
      double scale = config.gradClipNorm() / (norm + 1e-6); // as torch's clip_grad_norm_
      gradients.forEach(g -> g.muli(scale));
    }
    optimizer.step(lr, gradients);
    zeroGradients();
    return new StepMetrics(step.index() + 1, step.epoch(), stepLoss, RewardStats.of(pairs, config.beta()), norm, lr,
        skipped, tokens, seconds(start));
  }

  /** Forward and backward of one micro-batch into the accumulated gradients. */
  PolicyStep.Result accumulate(int[] micro, double stepWeight) {
    return policy.run(Arrays.stream(micro).mapToObj(examples::get).toList(), stepWeight, grads);
  }

  /** The accumulated gradients, in the weights' structure. */
  Nd4jWeights gradients() {
    return grads;
  }

  /** sqrt(Σ_p ‖∇p‖²); NaN or infinite when any gradient entry is. */
  private double globalNorm() {
    double sum = 0;
    for (INDArray g : gradients) {
      double n = g.norm2Number().doubleValue();
      sum += n * n;
    }
    return Math.sqrt(sum);
  }

  /** A fill rather than g·0, which would keep a NaN from a skipped batch. */
  private void zeroGradients() {
    gradients.forEach(g -> g.assign(0));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
