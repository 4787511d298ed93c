package dev.tribunal.jobs.run;

import java.util.Optional;

/**
 * A failure that names what went wrong inside a stage (which call, on which backend and model).
 * Thrown on executors, it reaches the driver buried in Spark's job failure; the stage runner digs
 * it out and throws its driver-side copy, so the one line a person reads is this one.
 */
public interface StageFailure {

  /** The same failure seen from the driver, with Spark's job failure as its cause. */
  RuntimeException onDriver(Throwable jobFailure);

  /** The first stage failure in a cause chain, if any. */
  static Optional<StageFailure> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StageFailure f) return Optional.of(f);
    }
    return Optional.empty();
  }
}
