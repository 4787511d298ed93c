package dev.tribunal.jobs.stages.worker;

import java.util.Optional;

/**
 * A model call failed for good inside a stage: names the stage, the backend and the model, with the
 * backend's own error as the cause. Thrown on executors; Spark carries it to the driver inside its
 * own job failure, where {@link #in} finds it again.
 */
public final class ModelCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String stage;
  private final String backend;
  private final String modelVersion;

  public ModelCallException(String stage, String backend, String modelVersion, String what, Throwable cause) {
    super("stage '" + stage + "': " + what + " on backend '" + backend + "' (model " + modelVersion
        + ") failed: " + (cause == null ? "" : firstLine(cause)), cause);
    this.stage = stage;
    this.backend = backend;
    this.modelVersion = modelVersion;
  }

  /** The same failure seen from the driver, with Spark's job failure as the cause. */
  public ModelCallException(ModelCallException executorSide, Throwable jobFailure) {
    super(executorSide.getMessage(), jobFailure);
    this.stage = executorSide.stage;
    this.backend = executorSide.backend;
    this.modelVersion = executorSide.modelVersion;
  }

  public String stage() {
    return stage;
  }

  public String backend() {
    return backend;
  }

  public String modelVersion() {
    return modelVersion;
  }

  /** The model-call failure somewhere in a cause chain, if any. */
  public static Optional<ModelCallException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ModelCallException m) return Optional.of(m);
    }
    return Optional.empty();
  }

  private static String firstLine(Throwable cause) {
    String m = cause.getMessage();
    String text = m == null || m.isBlank() ? cause.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    return cause.getClass().getSimpleName() + ": " + text;
  }
}
