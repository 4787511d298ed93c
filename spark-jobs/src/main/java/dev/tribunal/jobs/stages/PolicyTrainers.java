package dev.tribunal.jobs.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the configured {@link PolicyTrainer} among those on the class path. */
public final class PolicyTrainers {
  private PolicyTrainers() {}

  /** The trainer registered under this name; fails, naming what is there, when none is. */
  public static PolicyTrainer find(String name) {
    List<String> found = new ArrayList<>();
    for (PolicyTrainer trainer : ServiceLoader.load(PolicyTrainer.class)) {
      if (trainer.name().equals(name)) return trainer;
      found.add(trainer.name());
    }
    throw new NoTrainerException("no policy trainer named '" + name + "' (meta_rewarding.dpo.trainer) is on the"
        + " class path; found " + (found.isEmpty() ? "none" : found) + ". The train stage needs a real trainer,"
        + " registered as a " + PolicyTrainer.class.getName() + " service (META-INF/services); nothing was started.");
  }

  /** The loop cannot train: refused before any stage runs. */
  public static final class NoTrainerException extends RuntimeException {
    NoTrainerException(String message) {
      super(message);
    }
  }
}
