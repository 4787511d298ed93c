package dev.tribunal.worker.nd4j.train;

import dev.tribunal.worker.nd4j.model.Nd4jLlama;
import dev.tribunal.worker.nd4j.model.Nd4jWeights;
import dev.tribunal.worker.train.OptimizerLoop;
import dev.tribunal.worker.train.RewardStats;
import dev.tribunal.worker.train.TrainingConfig;
import dev.tribunal.worker.train.TrainingExample;
import dev.tribunal.worker.train.loss.Loss;
import dev.tribunal.worker.train.loss.PairLogps;
import java.util.Arrays;
import java.util.List;

/** The optimizer loop of a policy (SFT and the DPO family) on ND4J: {@link PolicyStep} per micro-batch. */
final class Nd4jTrainingLoop extends Nd4jOptimizerEngine<PairLogps> {

  private final List<TrainingExample> examples;
  private final Loss loss;
  private final PolicyStep policy;

  Nd4jTrainingLoop(Nd4jWeights weights, TrainingConfig config, List<TrainingExample> examples) {
    super(weights, config);
    this.examples = examples;
    this.loss = Loss.of(config);
    this.policy = new PolicyStep(new Nd4jLlama(weights), loss, config.objective().isPreference());
  }

  @Override
  public double weight(int example) {
    return loss.weight(examples.get(example).chosenIds().length);
  }

  @Override
  public OptimizerLoop.MicroBatch<PairLogps> accumulate(int[] micro, double stepWeight) {
    return policy.run(Arrays.stream(micro).mapToObj(examples::get).toList(), stepWeight, gradients());
  }

  @Override
  public RewardStats stats(List<PairLogps> pairs) {
    return RewardStats.of(pairs, config().beta());
  }
}
