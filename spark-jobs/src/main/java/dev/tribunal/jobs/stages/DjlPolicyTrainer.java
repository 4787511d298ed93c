package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.DriverDevice;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.worker.djl.Engines;
import java.nio.file.Path;

/**
 * The DPO family on the driver with the DJL engine (registered as "djl"). Pairs become token-space
 * examples whose spans are exactly those the reference log-probs were scored on; the trained
 * checkpoint is written to the local directory the train stage gives (which commits it to the run)
 * and named by iteration and data fingerprint.
 */
public final class DjlPolicyTrainer extends InJvmPolicyTrainer {
  public DjlPolicyTrainer() {
    super("djl", () -> Engines.trainer(DriverDevice.trainer())::train);
  }

  /**
   * The policy's weights as a local directory (the in-JVM runtime's checkpoint, a served model's
   * checkpoint, or a plug-in's checkpoint parameter), fetched first when they are on another file system.
   */
  public static Path checkpoint(WorkerSpec policy) {
    return checkpoint(policy, "djl");
  }
}
