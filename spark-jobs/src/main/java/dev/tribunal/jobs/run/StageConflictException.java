package dev.tribunal.jobs.run;

/** A completed stage would be recomputed from different inputs: refused unless redone. */
public final class StageConflictException extends RuntimeException {
  public StageConflictException(String message) {
    super(message);
  }
}
