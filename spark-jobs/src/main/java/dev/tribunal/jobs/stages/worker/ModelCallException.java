package dev.tribunal.jobs.stages.worker;

import dev.tribunal.jobs.run.StageFailure;

/**
 * A model call failed for good inside a stage: names the stage, the backend and the model, with the
 * backend's own error as the cause. Thrown on executors; Spark carries it to the driver inside its
 * own job failure, where the stage runner finds it again ({@link StageFailure}).
 */
public final class ModelCallException extends RuntimeException implements StageFailure {
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
  private ModelCallException(ModelCallException executorSide, Throwable jobFailure) {
    super(executorSide.getMessage(), jobFailure);
    this.stage = executorSide.stage;
    this.backend = executorSide.backend;
    this.modelVersion = executorSide.modelVersion;
  }

  @Override
  public RuntimeException onDriver(Throwable jobFailure) {
    return new ModelCallException(this, jobFailure);
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

  private static String firstLine(Throwable cause) {
    String m = cause.getMessage();
    String text = m == null || m.isBlank() ? cause.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    return cause.getClass().getSimpleName() + ": " + text;
  }
}
