package dev.tribunal.worker.djl;

import dev.tribunal.worker.djl.train.DjlTrainer;
import dev.tribunal.worker.train.TrainerEngine;

/** The DJL engines behind the worker API's interfaces, for callers that must not see DJL types. */
public final class Engines {

  private Engines() {}

  /** The DJL training engine on a device named as the runtime names them ("cpu", "gpu:N"). */
  public static TrainerEngine trainer(String device) {
    return new DjlTrainer(DevicePlacement.parse(device));
  }
}
