package dev.tribunal.worker.djl;

import dev.tribunal.worker.djl.train.DjlTrainer;

/** The DJL engines, built from device names, for callers that must not see DJL types. */
public final class Engines {

  private Engines() {}

  /** The DJL training engine on a device named as the runtime names them ("cpu", "gpu:N"). */
  public static DjlTrainer trainer(String device) {
    return new DjlTrainer(DevicePlacement.parse(device));
  }

  /** BOND's trainer (and J-BOND's anchor update) on a device named as the runtime names them. */
  public static dev.tribunal.worker.djl.train.DjlBondTrainer bondTrainer(String device) {
    return new dev.tribunal.worker.djl.train.DjlBondTrainer(DevicePlacement.parse(device));
  }

  /** The distilled reward model's trainer on a device named as the runtime names them. */
  public static dev.tribunal.worker.djl.train.DjlRewardTrainer rewardTrainer(String device) {
    return new dev.tribunal.worker.djl.train.DjlRewardTrainer(DevicePlacement.parse(device));
  }
}
