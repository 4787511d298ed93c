package dev.tribunal.jobs.stages;

import dev.tribunal.worker.nd4j.train.Nd4jTrainer;

/**
 * The DPO family on the driver with the ND4J engine (registered as "nd4j"): the same examples,
 * checkpoint layout, lineage, progress and version naming as the DJL trainer, on ND4J's native
 * backend (nd4j-native, or the CUDA backend of the gpu profile). A missing backend fails the train
 * stage with what to put on the class path.
 */
public final class Nd4jPolicyTrainer extends InJvmPolicyTrainer {
  public Nd4jPolicyTrainer() {
    super("nd4j", () -> new Nd4jTrainer()::train);
  }
}
