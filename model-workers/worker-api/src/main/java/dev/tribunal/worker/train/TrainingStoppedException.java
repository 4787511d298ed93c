package dev.tribunal.worker.train;

/**
 * Training hit its limit of skipped (non-finite) batches before a single update was applied, so
 * there is no better checkpoint than the parent and none was written.
 */
public class TrainingStoppedException extends RuntimeException {

  public TrainingStoppedException(String message) {
    super(message);
  }
}
